from ctglint.cli import main

main()
