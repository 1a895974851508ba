# Production image for the DPRD Kota Palopo archive.
#
#   docker build -t palopo .
#   docker run -p 8000:8000 -e SECRET_KEY=... -e ALLOWED_HOSTS=example.org \
#     -e DATABASE_URL=postgres://user:pass@host:5432/palopo palopo
#
# Same steps as scripts/run: runtime requirements, collectstatic, migrate,
# load the April 2025 archive into an empty database, gunicorn.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    DEBUG=0 \
    HTTPS=1

WORKDIR /app

# Dependencies first, so code changes do not reinstall them. Runtime only.
COPY requirements.txt .
RUN python -m venv /opt/venv \
 && pip install -q --upgrade pip \
 && pip install -q -r requirements.txt

COPY . .

# Static files are baked into the image. The key below exists only for this
# build step (the settings refuse DEBUG=0 without one); it is not kept in ENV.
RUN SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS='*' SITE_URL=http://localhost \
    python manage.py collectstatic --noinput -v0 \
 && chmod +x docker/entrypoint.sh

RUN useradd --system --no-create-home --shell /usr/sbin/nologin palopo
USER palopo

EXPOSE 8000
# SECRET_KEY, ALLOWED_HOSTS, SITE_URL and DATABASE_URL must be given at run time.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
