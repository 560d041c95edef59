# Budaya Kerja Bot: slim image, non-root, the database on a volume.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
# The bot only: no `dev` extra (no test tools).
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
# BUDAYA_ENV=container: no demo in place of a missing token, and a DATABASE_PATH off the
# /data volume (e.g. a relative one from an old .env) stops the bot with a message.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BUDAYA_ENV=container \
    DATABASE_URL=sqlite:////data/budaya.db \
    CONTENT_FILE=/app/content/values_id.yaml
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin budaya \
    && mkdir -p /data /app/content \
    && chown budaya /data
WORKDIR /app
COPY content ./content
USER budaya
VOLUME ["/data"]
# Webhook mode listens here (set WEBHOOK_URL); long polling needs no port.
EXPOSE 8443
# The bot refreshes /data/heartbeat every 30 s while its event loop and database are alive.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 \
    CMD ["budaya-bot", "health"]
CMD ["budaya-bot", "run"]
