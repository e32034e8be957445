# Xinke production image: gunicorn (web), Celery worker and beat all run from it (see docker-compose.yml).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY . .
# Leave out what a developer's checkout may hold (virtual environment, demo database, caches).
RUN rm -rf .git .ci .venv db.sqlite3 staticfiles var test-results build ./*.egg-info \
    && find . -name __pycache__ -prune -exec rm -rf {} + \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install . \
    && rm -rf build ./*.egg-info

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    PROTECTED_MEDIA_ROOT=/var/lib/xinke/uploads

# An embedded Chinese TrueType font for the PDFs (reportlab).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 xinke \
    && useradd --system --uid 10001 --gid xinke --home-dir /home/xinke --create-home xinke

COPY --from=build /opt/venv /opt/venv
# The code stays owned by root; settings find templates, static and locale next to config/ (PYTHONPATH=/app).
COPY --from=build /src /app
WORKDIR /app

# Translations are compiled here too, so the worker and beat containers have them as well as web.
RUN mkdir -p /app/staticfiles /app/locale /var/lib/xinke/uploads \
    && SECRET_KEY=image-build-only AUDIT_KEY=image-build-only python manage.py compile_translations \
    && chown -R xinke:xinke /app/staticfiles /app/locale /var/lib/xinke

USER xinke
EXPOSE 8000
# Worker model and count: gunicorn.conf.py (2 threaded workers × 4 threads on 2 cores; WEB_CONCURRENCY overrides).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
