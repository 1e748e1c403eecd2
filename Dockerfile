# syntax=docker/dockerfile:1
# The edgecfg image for the edgecfg-agent chart: a static (musl) binary for linux/amd64,
# linux/arm64 and linux/arm/v7, cross-compiled on the build machine with cargo-zigbuild (zig as
# the C compiler for ring), so no emulation is needed:
#
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 \
#     -t REGISTRY/edgecfg:0.1.0 --push .                       # with nsenter (restart.method systemctl)
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 \
#     --target minimal -t REGISTRY/edgecfg:0.1.0-minimal --push .   # binary only (signal / none)
#
# Not built in edgecfg's CI: no Docker engine runs there (see README, "Fleet rollout").

FROM --platform=$BUILDPLATFORM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3-pip \
 && rm -rf /var/lib/apt/lists/* \
 && pip3 install --break-system-packages ziglang==0.13.0.post1 \
 && cargo install --locked cargo-zigbuild@0.19.8 \
 && rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl armv7-unknown-linux-musleabihf
WORKDIR /src
COPY . .
ARG TARGETARCH
ARG TARGETVARIANT
RUN case "${TARGETARCH}${TARGETVARIANT}" in \
      amd64) t=x86_64-unknown-linux-musl ;; \
      arm64) t=aarch64-unknown-linux-musl ;; \
      armv7) t=armv7-unknown-linux-musleabihf ;; \
      *) echo "unsupported platform ${TARGETARCH}${TARGETVARIANT}" >&2; exit 1 ;; \
    esac \
 && cargo zigbuild --release --locked -p edgecfg-cli --target "$t" \
 && cp "target/$t/release/edgecfg" /edgecfg

# Binary only: enough for restart.method signal or none.
FROM scratch AS minimal
ENV PATH=/usr/local/bin
COPY --from=build /edgecfg /usr/local/bin/edgecfg
ENTRYPOINT ["edgecfg"]

# The default: the binary plus nsenter (util-linux), for restart.method systemctl.
FROM alpine:3.20 AS default
RUN apk add --no-cache util-linux-misc
COPY --from=build /edgecfg /usr/local/bin/edgecfg
ENTRYPOINT ["edgecfg"]
