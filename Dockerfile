# seslint in a container: Debian 12, built from this checkout, the final image holds only the
# seslint package (the binary and README) and the shared libraries it needs.
#   docker build -t seslint .
#   docker run --rm -v "$PWD:/src" seslint --format sarif=seslint.sarif .
#
# Stage 1: the documented build (the packages .ci/setup installs for building; no test tools).
FROM debian:12 AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ cmake ninja-build pkg-config git libsimdjson-dev libyaml-cpp-dev libcli11-dev libpugixml-dev libjemalloc-dev libssl-dev \
      nodejs npm ca-certificates dpkg-dev file \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /seslint
COPY . .
RUN rm -rf build \
 && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSESLINT_BUILD_TESTS=OFF \
 && cmake --build build --target seslint \
 && cd build && cpack -G DEB

# Stage 2: the Debian package installed on a slim Debian 12; apt pulls in the runtime libraries
# its Depends name (computed by dpkg-shlibdeps), nothing else.
FROM debian:12-slim
COPY --from=build /seslint/build/seslint_*.deb /tmp/
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/seslint_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/seslint_*.deb
WORKDIR /src
ENTRYPOINT ["seslint"]
