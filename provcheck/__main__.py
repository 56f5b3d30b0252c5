"""``python -m provcheck`` runs the command line."""

from provcheck.cli import main

main()
