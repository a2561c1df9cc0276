#!/bin/bash
# Regenerates docs/cli.md from the jar's --help output.
set -euo pipefail
jar=${1:-target/alknet.jar}
{
  echo "# CLI reference"
  echo
  echo 'Generated from `--help` (`java -jar target/alknet.jar <command> --help`).'
  for cmd in "" serve connect worker call events publish quickstart token; do
    echo
    echo "## alknet $cmd"
    echo
    echo '```'
    env -i PATH="$PATH" HOME=/home/you java -Duser.home=/home/you -jar "$jar" $cmd --help
    echo '```'
  done
} > docs/cli.md
