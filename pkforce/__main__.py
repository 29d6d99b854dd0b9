from pkforce.cli import main

main()
