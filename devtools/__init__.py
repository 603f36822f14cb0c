"""Development tooling (never deployed): create template.yaml's resources in moto, the local API, benchmarks."""
