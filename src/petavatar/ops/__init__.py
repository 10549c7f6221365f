"""Operations tooling: build, deploy, monitor, cost control, pause/resume and load tests."""
