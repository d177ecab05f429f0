"""The questions the service answers, written once against the store port so both stores agree."""
