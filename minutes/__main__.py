from minutes.cli import cli

cli()
