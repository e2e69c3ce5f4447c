"""`python -m kirok` is the `kirok` command."""

from kirok.cli import main

main()
