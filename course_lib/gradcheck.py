r"""Gradient checking: central differences and relative error.

The central difference (f(x+h) − f(x−h)) / 2h has error O(h²); the one-sided
(f(x+h) − f(x)) / h only O(h). Relative error |a − n| / max(|a| + |n|, 1e-8), as in cs231n:
around 1e-7 or below in float64 means correct; 1e-4 and above means a bug — unless a
kink (ReLU at 0) lies within h of the input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from course_lib._validate import as_float_array, as_real

__all__ = [
    "check_gradients",
    "check_mlp_gradients",
    "mlp_numerical_gradients",
    "numerical_derivative",
    "numerical_gradient",
    "relative_error",
]


def relative_error(analytic, numeric):
    r"""\frac{|a - n|}{\max(|a| + |n|, 10^{-8})}, elementwise."""
    a = as_float_array(analytic, "analytic")
    n = as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {a.shape} and {n.shape}")
    with np.errstate(invalid="ignore"):  # inf − inf and inf/inf are dealt with below
        out = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-8)
    # a NaN or infinite value is wrong (error inf), unless both are the same infinity
    out = np.where(a == n, 0.0, np.where(np.isfinite(a) & np.isfinite(n), out, np.inf))
    return out[()] if out.ndim == 0 else out


def numerical_derivative(f: Callable, z, h: float = 1e-5):
    r"""f'(z) \approx (f(z+h) - f(z-h)) / 2h, elementwise, for an elementwise f."""
    h = _check_h(h)
    z = as_float_array(z, "z")
    return (np.asarray(f(z + h)) - np.asarray(f(z - h))) / (2.0 * h)


def _check_h(h) -> float:
    h = as_real(h, "h")
    if h <= 0:
        raise ValueError(f"h (the finite-difference step) must be > 0, got {h}")
    return h


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    r"""\partial f/\partial x_i \approx (f(x + h e_i) - f(x - h e_i)) / 2h for a scalar f of an array x.

    ``x`` is not modified: f is called on a perturbed copy.
    """
    h = _check_h(h)
    x = as_float_array(x, "x")
    grad = np.empty_like(x)
    xp = x.copy()
    for i in np.ndindex(x.shape):
        old = xp[i]
        xp[i] = old + h
        f_plus = float(f(xp))
        xp[i] = old - h
        f_minus = float(f(xp))
        xp[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def check_gradients(
    analytic: Mapping[str, np.ndarray],
    numeric: Mapping[str, np.ndarray],
    tol: float = 1e-7,
    atol: float = 0.0,
) -> float:
    """Compare named gradients; return the worst relative error, or raise AssertionError naming it.

    An entry passes when its relative error is ≤ ``tol`` or its absolute difference is ≤ ``atol``
    (for gradients so small that finite-difference round-off, ~1e-16·|J|/h, dominates).
    The message names the worst parameter entry, its analytic and numeric values.
    """
    if set(analytic) != set(numeric):
        raise ValueError(
            f"analytic and numeric must name the same parameters, got "
            f"{sorted(analytic)} and {sorted(numeric)}"
        )
    worst_err, worst_fail = 0.0, None
    for name in analytic:
        a = np.atleast_1d(as_float_array(analytic[name], f"analytic[{name!r}]"))
        n = np.atleast_1d(as_float_array(numeric[name], f"numeric[{name!r}]"))
        err = np.atleast_1d(relative_error(a, n))
        worst_err = max(worst_err, float(err.max()))
        with np.errstate(invalid="ignore"):
            close = np.abs(a - n) <= atol  # False for NaN: a NaN gradient never passes
        bad = np.where((err > tol) & ~close, err, -1.0)
        i = np.unravel_index(int(np.argmax(bad)), bad.shape)
        if bad[i] >= 0 and (worst_fail is None or bad[i] > worst_fail[0]):
            label = f"{name}[{', '.join(map(str, i))}]" if np.ndim(analytic[name]) else name
            worst_fail = (float(bad[i]), label, float(a[i]), float(n[i]))
    if worst_fail is not None:
        err, label, a_i, n_i = worst_fail
        raise AssertionError(
            f"gradient check failed at {label}: analytic {a_i:.10g}, numeric {n_i:.10g}, "
            f"relative error {err:.3g} > tol {tol:g}"
        )
    return worst_err


def mlp_numerical_gradients(net, X, y, loss: str = "bce", h: float = 1e-5) -> dict[str, np.ndarray]:
    """Central-difference ∂J/∂W_l, ∂J/∂b_l (and ∂J/∂α_l for PReLU nets) of an ``nn.MLP``."""
    probe = net.copy()
    out: dict[str, np.ndarray] = {}
    for kind, params in (("W", probe.weights), ("b", probe.biases)):
        for layer, p in enumerate(params):

            def J(value, kind=kind, layer=layer):
                getattr(probe, "weights" if kind == "W" else "biases")[layer] = value
                return probe.loss(X, y, loss)

            original = p.copy()
            out[f"{kind}{layer + 1}"] = numerical_gradient(J, original, h)
            getattr(probe, "weights" if kind == "W" else "biases")[layer] = original
    if probe.alphas is not None:
        for layer, alpha in enumerate(list(probe.alphas)):

            def Ja(value, layer=layer):
                probe.alphas[layer] = float(value[0])
                return probe.loss(X, y, loss)

            out[f"alpha{layer + 1}"] = numerical_gradient(Ja, np.array([alpha]), h)
            probe.alphas[layer] = alpha
    return out


def check_mlp_gradients(
    net, X, y, loss: str = "bce", tol: float = 1e-7, h: float = 1e-5, atol: float = 0.0
) -> float:
    """Backprop gradients of ``net`` against central differences; returns the worst relative error."""
    grads = net.gradients(X, y, loss)
    analytic = {}
    for layer, (dW, db) in enumerate(grads):
        analytic[f"W{layer + 1}"] = dW
        analytic[f"b{layer + 1}"] = db
    if grads.dalphas is not None:
        for layer, da in enumerate(grads.dalphas):
            analytic[f"alpha{layer + 1}"] = np.array([da])
    return check_gradients(analytic, mlp_numerical_gradients(net, X, y, loss, h), tol, atol)
