# Production image: gunicorn serves the app, whitenoise the static files.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_MANIFEST=true
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock ./
COPY cscp ./cscp
COPY reviews ./reviews
COPY priority_groups ./priority_groups
COPY training ./training
COPY datasets ./datasets
COPY feedback ./feedback
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
COPY --from=frontend /build/static/build ./static/build
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --create-home cscp && mkdir -p /app/media && chown cscp /app/media
USER cscp
EXPOSE 8000
CMD ["gunicorn", "cscp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
