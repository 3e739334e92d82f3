# smaudit in a container, built from this checkout (no registry serves an image):
#   docker build -t smaudit .
#   docker run --rm -v "$PWD:/work" smaudit check smaudit-inventory.yaml
# The container reads and writes the mounted folder as an unprivileged user (uid 10001): give
# that user read access (and write access for --output), or run with --user "$(id -u)".
ARG PYTHON_IMAGE=python:3.12-slim

# A C compiler and libyaml's headers, in the build stage only: the wheel then carries the C
# reader and the compiled evaluation modules (4x faster on large inventories), and the image
# none of the tools that built them.
FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libyaml-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# .dockerignore admits only what the wheel is built from, never an inventory beside the checkout
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
# libyaml itself, which the C reader links to
RUN apt-get update \
    && apt-get install -y --no-install-recommends libyaml-0-2 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels smaudit && rm -rf /wheels \
    && useradd --create-home --uid 10001 --user-group smaudit
USER smaudit
WORKDIR /work
ENTRYPOINT ["smaudit"]
CMD ["--help"]
