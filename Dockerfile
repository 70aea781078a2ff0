# Production image: one image for web (gunicorn), worker and beat (Celery).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=praktijkleren.settings.production

# WeasyPrint needs Pango/HarfBuzz and fonts; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first (better layer caching). pyproject.toml declares no packages: the app runs
# from /app, so this installs the dependencies only.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Build-time only: production settings refuse to start without a real SECRET_KEY.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=localhost \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages --ignore=.venv" \
    && useradd --create-home --uid 1000 app \
    && mkdir -p /app/media /app/beat \
    && chown -R app:app /app/media /app/beat

USER app
EXPOSE 8000
CMD ["gunicorn", "praktijkleren.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
