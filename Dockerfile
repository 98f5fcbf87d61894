# Supawatch as a container: `docker build -t supawatch:local .` from the repository root.
# `supawatch stack setup --runtime docker` builds it for you when run from a checkout.
# Built and run on Docker Engine by tests/Supawatch.IntegrationTests/Stack/ImageAndComposeStackTests (base images stood in locally there; see docs/stack.md).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The NativeAOT toolchain, as scripts/publish.sh needs it: the native binary is the shipped form (docs/performance.md).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends clang zlib1g-dev binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Everything but what .dockerignore leaves out: the grafana/ tree is embedded when it exists.
COPY . .
RUN bash scripts/publish.sh /app && rm -f /app/*.dbg /app/*.pdb /app/*.xml \
    && mkdir -p /data/logs

# No .NET runtime needed: only the native libraries the binary links (glibc, OpenSSL, ICU-free: invariant globalization).
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /app .
# The data folder belongs to the image's non-root user, so a fresh named volume does too.
COPY --from=build --chown=1654:1654 /data /data
ENV SUPAWATCH_DATA_DIR=/data \
    SUPAWATCH_LOG_DIR=/data/logs \
    SUPAWATCH_METRICS_LISTEN=0.0.0.0:9200 \
    SUPAWATCH_STATUS_LISTEN=0.0.0.0:8080 \
    DOCKER_HOST=unix:///var/run/docker.sock
# $APP_UID (1654) is the non-root user the .NET images ship; the Docker socket is reached through its group
# (compose adds the socket's group with group_add).
USER $APP_UID
EXPOSE 9200 8080
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9200 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["/app/supawatch"]
CMD ["serve"]
