"""One module per ``srrtui`` subcommand: ``add_arguments(parser)`` and ``run(args) -> int``."""
