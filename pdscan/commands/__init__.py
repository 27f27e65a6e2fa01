"""CLI subcommands, one module each; every module adds its commands to `pdscan.cli.main`."""
