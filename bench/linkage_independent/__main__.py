"""``python -m bench.linkage_independent --persons N --seed S --out F.csv``."""

from bench.linkage_independent.cli import main

main()
