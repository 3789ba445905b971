.PHONY: run test
# Install and start the portal with demo content on http://127.0.0.1:8000
run:
	bash scripts/run.sh
# Install and run the whole test suite (starts a throw-away PostgreSQL)
test:
	bash scripts/test.sh
