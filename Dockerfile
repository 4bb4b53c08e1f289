# Tidings in a container: `docker build -t tidings .`, then see "Docker" in README.md.
#
# Two stages: the first builds a virtual environment holding Tidings and its pinned
# dependencies; the second copies only that environment and the example settings onto a clean
# base, so pip's build files and the sources never reach the image.

FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1

# Every compiled dependency publishes wheels for CPython 3.11 on x86_64 and aarch64 (glibc),
# and the few source-only ones are pure Python: this stage needs no compiler either.
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

# A known, recent pip: older ones have tripped over lxml's extras.
RUN pip install --no-cache-dir pip==26.3

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir .


FROM python:3.11-slim-bookworm

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="Tidings" \
      org.opencontainers.image.description="A self-hosted Discord and Matrix bot that summarises news links and follows their actors." \
      org.opencontainers.image.source="https://github.com/tidings-bot/tidings" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"

# A fixed uid, so that a bind-mounted data directory can be given to it: chown 10001 DIR.
RUN groupadd --gid 10001 tidings \
    && useradd --uid 10001 --gid tidings --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin tidings \
    && install --directory --owner=tidings --group=tidings --mode=0750 /data

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY config/tidings.example.toml config/

# The data directory holds the SQLite database and the Matrix device store. The health server
# listens on every interface of the container; publishing its port stays the host's choice.
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TIDINGS_DATA_DIR=/data \
    TIDINGS_HEALTH__HOST=0.0.0.0 \
    TIDINGS_HEALTH__PORT=9180

USER 10001:10001
VOLUME ["/data"]
EXPOSE 9180

# The slim base has no curl; Python's urllib fails (exit 1) on a refused connection, a timeout
# or any answer but 2xx, and it follows the port when TIDINGS_HEALTH__PORT is changed.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['TIDINGS_HEALTH__PORT'] + '/healthz', timeout=9)"]

# Tidings finishes its replies and flushes its outbox on SIGTERM before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["tidings"]
CMD ["run"]
