#!/usr/bin/env python3
"""Parity fixtures for Tests/ClusteringTests, from scikit-learn and scipy.

Run from the package root with a Python that has numpy, scipy and
scikit-learn (the fixtures in the repository were made with scikit-learn
1.9.1, scipy 1.17.1 and numpy 2.4.6):

    python3 Tests/ClusteringTests/Fixtures/make-fixtures.py

It rewrites agglomerative.json, kmeans.json and silhouette.json next to
this script. Every input matrix is rounded to 5 decimals before anything is
computed from it, so the JSON holds the exact inputs the references saw.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import silhouette_samples, silhouette_score
from sklearn.preprocessing import normalize

HERE = os.path.dirname(os.path.abspath(__file__))
METHODS = ["average", "complete", "single"]


def blobs(rng, centres, per_centre, spread):
    """Points scattered around random centre directions, rounded to 5 decimals."""
    dimension = centres.shape[1]
    points = [c + spread * rng.standard_normal((per_centre, dimension)) for c in centres]
    points = np.vstack(points)
    order = rng.permutation(len(points))
    return np.round(points[order], 5)


def versions():
    return {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}


def agglomerative_case(name, X, cluster_counts, with_distances):
    case = {"name": name, "X": X.tolist(), "methods": {}}
    if with_distances:
        case["condensed"] = pdist(X, "cosine").tolist()
    for method in METHODS:
        Z = linkage(X, method=method, metric="cosine")
        labels = {}
        for k in cluster_counts:
            model = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage=method).fit(X)
            labels[str(k)] = model.labels_.tolist()
        case["methods"][method] = {"Z": Z.tolist(), "labels": labels}
    return case


def tie_heavy_points():
    """Scaled copies of a few integer directions: many exactly equal distances
    (0 within a direction, 1 between orthogonal ones, 1 - 1/sqrt(2), ...)."""
    directions = [
        [1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0],
        [1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 1, 1],
    ]
    copies = [4, 3, 4, 2, 3, 3, 2, 3]
    scales = [1, 2, 4, 3]
    points = []
    for direction, count in zip(directions, copies):
        for c in range(count):
            points.append([scales[c % len(scales)] * v for v in direction])
    # Interleave the directions so ties are not already in index order.
    rng = np.random.default_rng(7)
    order = rng.permutation(len(points))
    return np.array(points, dtype=float)[order]


def main():
    rng = np.random.default_rng(20240601)

    # Agglomerative: 60 random points, and a tie-heavy set.
    random60 = np.round(rng.standard_normal((60, 8)), 5)
    agglomerative = {
        "versions": versions(),
        "cases": [
            agglomerative_case("random60", random60, [1, 2, 3, 5, 8, 13, 60], with_distances=True),
            agglomerative_case("ties", tie_heavy_points(), [1, 2, 3, 4, 5, 6, 8, 10], with_distances=True),
        ],
    }
    with open(os.path.join(HERE, "agglomerative.json"), "w") as f:
        json.dump(agglomerative, f, separators=(",", ":"))

    # k-means: inertia of scikit-learn's KMeans on L2-normalised data.
    kmeans_cases = []
    specs = [
        ("blobs6", 6, 50, 16, 0.35, [6, 10]),
        ("overlapping8", 8, 40, 12, 0.8, [8, 4]),
    ]
    for name, centre_count, per_centre, dimension, spread, ks in specs:
        centres = normalize(rng.standard_normal((centre_count, dimension)))
        X = blobs(rng, centres, per_centre, spread / np.sqrt(dimension))
        Xn = normalize(X)
        results = []
        for k in ks:
            model = KMeans(n_clusters=k, n_init=4, init="k-means++", random_state=0).fit(Xn)
            results.append({"k": k, "nInit": 4, "inertia": float(model.inertia_), "labels": model.labels_.tolist()})
        kmeans_cases.append({"name": name, "X": X.tolist(), "results": results})
    with open(os.path.join(HERE, "kmeans.json"), "w") as f:
        json.dump({"versions": versions(), "cases": kmeans_cases}, f, separators=(",", ":"))

    # Silhouette with cosine distance, including a singleton cluster.
    centres = normalize(rng.standard_normal((4, 10)))
    X = blobs(rng, centres, 30, 0.5 / np.sqrt(10))
    labels = KMeans(n_clusters=4, n_init=1, random_state=0).fit(normalize(X)).labels_
    labels = labels.copy()
    labels[0] = 4  # a singleton: s = 0 for it
    silhouette = {
        "versions": versions(),
        "X": X.tolist(),
        "labels": labels.tolist(),
        "score": float(silhouette_score(X, labels, metric="cosine")),
        "samples": silhouette_samples(X, labels, metric="cosine").tolist(),
    }
    with open(os.path.join(HERE, "silhouette.json"), "w") as f:
        json.dump(silhouette, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
