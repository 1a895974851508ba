#!/usr/bin/env bash
# Container start: migrate, load the archive into an empty database, then serve.
# With arguments, runs them instead of gunicorn (e.g. `python manage.py shell`).
set -euo pipefail

echo "==> Applying database migrations"
python manage.py migrate --noinput

# As in scripts/run. IMPORT_ARCHIVE=0 skips it. The check also exits non-zero
# on an error; harmless, because the import is idempotent.
if [[ "${IMPORT_ARCHIVE:-1}" == 1 ]] &&
  ! python manage.py shell -v 0 -c "from articles.models import Article; import sys; sys.exit(0 if Article.objects.exists() else 1)"; then
  echo "==> Loading the April 2025 archive"
  python manage.py import_archive fixtures/archive-2025-04.txt --meta fixtures/archive-2025-04.meta.csv
fi

if [[ $# -gt 0 ]]; then
  exec "$@"
fi
echo "==> Starting gunicorn on 0.0.0.0:8000"
# No control socket: it would live in $HOME (missing for the container user)
# and collide between two servers started by the same user.
exec gunicorn palopo_site.wsgi:application \
  --bind 0.0.0.0:8000 \
  --workers "${WEB_CONCURRENCY:-2}" \
  --access-logfile - \
  --no-control-socket
