# linesift: the HTTP service with the shipped model.
#   docker build -t linesift .
#   docker run --rm -p 8000:8000 linesift
# Settings come from LINESIFT_* variables (see docs/service.md), e.g. -e LINESIFT_API_KEYS=k1,k2.

# --- build: the project as a wheel (no compiler needed: the code is pure Python) --------------------
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY classifier ./classifier
COPY app ./app
RUN pip wheel --no-deps --wheel-dir /wheels .

# --- runtime ---------------------------------------------------------------------------------------
FROM python:3.11-slim
# One BLAS thread per request (OPENBLAS_NUM_THREADS): the model's products are small and waking BLAS
# threads costs more than they save; concurrency comes from the server (docs/benchmarks-html.md).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LINESIFT_MODEL_DIR=/srv/linesift/models \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1

# The exact pins first, so this layer is reused while only the code changes.
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt
COPY --from=build /wheels /tmp/wheels
RUN pip install --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels

RUN useradd --system --uid 10001 --home-dir /srv/linesift --shell /usr/sbin/nologin linesift
WORKDIR /srv/linesift
COPY --chown=root:root models ./models
USER linesift

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["uvicorn", "app.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
