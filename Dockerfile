# The production image: gunicorn serving thidua.wsgi, static files by whitenoise; the same image runs the
# Celery worker and the migrations (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint draws PDFs with Pango and subsets fonts with HarfBuzz; Liberation Serif (metric-compatible with
# Times New Roman, with Vietnamese) is the system fallback beside the fonts in static/fonts; gettext compiles
# the English translation.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files and translations are built into the image; the settings need a key and hosts to load, and
# these throw-away values never leave the build (the containers get theirs from .env).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin thidua \
    && mkdir -p /app/var/media \
    && export DEBUG=0 ENV_FILE= ALLOWED_HOSTS=localhost \
        SECRET_KEY=build-only-not-secret-0000000000000000000000000000000000000000000000 \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && if [ -d locale ]; then python manage.py compilemessages --verbosity 0; fi \
    && chown -R thidua:thidua /app/var

USER thidua
EXPOSE 8000
# WEB_CONCURRENCY (from .env) sets the number of gunicorn processes; /dev/shm keeps the workers' heartbeat
# files off the container's overlay file system.
CMD ["gunicorn", "thidua.wsgi", "--bind=0.0.0.0:8000", "--worker-tmp-dir=/dev/shm", "--access-logfile=-", "--timeout=60"]
