.PHONY: run test worker
# Install and start the portal with demo content on http://127.0.0.1:8000;
# `make run RESET=1` gives the administrator a new password and authenticator key
run:
	RESET="$(RESET)" bash scripts/run.sh
# Install and run the whole test suite (starts a throw-away PostgreSQL)
test:
	bash scripts/test.sh
# Run the background tasks (mail, re-indexing, file text) in this terminal;
# `make run` starts one beside the web server already
worker:
	DEBUG="$${DEBUG:-1}" .venv/bin/python manage.py db_worker
