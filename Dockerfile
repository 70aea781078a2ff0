# Production image: one image for web (gunicorn), worker and beat (Celery) and the one-shot
# migrate service. See docker-compose.yml and docs/operations.md.
FROM python:3.13-slim

# The app runs from its source folder /app (PYTHONPATH: the celery CLI does not keep the working
# directory on sys.path by itself).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=praktijkleren.settings.production

# WeasyPrint (render_pdf) needs Pango, HarfBuzz and fonts; gettext provides msgfmt for
# compilemessages; tzdata for TIME_ZONE = "Europe/Amsterdam" (the app ships no Python tzdata);
# ca-certificates for SMTP over TLS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core gettext tzdata ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, for layer caching: exactly the versions and files of the lock
# (requirements/prod.txt, made by `make lock` from pyproject.toml; pip refuses any file whose
# SHA-256 differs). The code itself is run from /app and needs no installing.
COPY requirements/prod.txt requirements/prod.txt
RUN pip install --require-hashes -r requirements/prod.txt

COPY . .

# Build time only: production settings refuse to start without a random SECRET_KEY of 50+
# characters, an ALLOWED_HOSTS and an https SITE_URL. None of these values is kept in the image.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=localhost SITE_URL=https://localhost CACHE_URL=redis://localhost:6379/1 \
    sh -c 'python manage.py collectstatic --noinput && python manage.py compilemessages' \
    && useradd --create-home --uid 1000 --user-group app \
    && mkdir -p /app/media /app/beat \
    && chown app:app /app/media /app/beat

USER app
EXPOSE 8000
# No gunicorn access log: it holds client IP addresses and full query strings; the app logs one
# JSON line per request instead (LOG_REQUESTS, docs/operations.md "Logs").
CMD ["gunicorn", "praktijkleren.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60"]
