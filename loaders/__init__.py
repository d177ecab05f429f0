"""Getting data in: district files (YAML/JSON), the national catalog template (CSV), graph exports."""
