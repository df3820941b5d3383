# Rapport: one image for the web server and the job worker.
# Stage 1 builds the SPA; stage 2 installs the backend and serves both.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY schema.graphql ./
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend/ frontend/
RUN cd frontend && npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    RAPPORT_ENV=production HOST=0.0.0.0 PORT=8000
RUN useradd --create-home --uid 10001 rapport
WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend/ backend/
RUN pip install -e .  # editable: migrations are read from /app/backend/migrations
COPY --from=frontend /src/frontend/dist /app/frontend/dist
COPY --from=frontend /src/frontend/src/generated/persisted-documents.json /app/frontend/persisted-documents.json
ENV FRONTEND_DIST=/app/frontend/dist TRUSTED_DOCUMENTS_FILE=/app/frontend/persisted-documents.json
USER rapport
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["rapport", "serve", "--no-jobs"]
