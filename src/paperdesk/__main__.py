from paperdesk.cli.main import main

main()
