# Asistents web, worker and beat image (docker-compose.yml runs all three from it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# gettext: compiled translations; pango + DejaVu: WeasyPrint PDFs with Latvian letters.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY core ./core
COPY assistance ./assistance
COPY assessments ./assessments
COPY contracts ./contracts
COPY reporting ./reporting
RUN pip install --no-cache-dir .

COPY . .
RUN DEBUG=false SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
        python manage.py compilemessages --ignore=.venv -v 0 \
    && DEBUG=false SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 1000 --home /app asistents \
    && mkdir -p /app/var/media && chown -R asistents /app/var

USER asistents
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
