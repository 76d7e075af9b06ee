"""The ``ctglint`` command (``python -m ctglint``)."""
import gc


def run() -> None:
    # One check is a short process that frees little it would have to collect: the cyclic
    # garbage collector only costs time there (4 % of a run). Runs over many documents (batch,
    # check with several files) turn it back on.
    gc.disable()
    from ctglint.cli import main

    main()


if __name__ == "__main__":
    run()
