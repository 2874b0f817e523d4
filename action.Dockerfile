# The issuelint program for the GitHub Action (action.yml): built from source on Debian
# bookworm, the distribution the project is developed and tested on, with Debian's packages.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates cmake ninja-build g++ pkg-config \
      libcpp-httplib-dev libssl-dev nlohmann-json3-dev libmd4c-dev libmd4c-html0 \
      libpg-query-dev libyaml-dev libsqlite3-dev libcli11-dev \
 && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt CMakePresets.json /src/
COPY cmake /src/cmake
COPY parser /src/parser
COPY rules /src/rules
COPY bot /src/bot
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DISSUELINT_WERROR=OFF \
      -DISSUELINT_BUILD_TESTS=OFF -DISSUELINT_BUILD_BENCH=OFF \
 && cmake --build /build --target issuelint \
 && install -m 0755 /build/issuelint /build/issuelint-bot /usr/local/bin/ \
 && rm -rf /build
ENTRYPOINT ["/usr/local/bin/issuelint"]
