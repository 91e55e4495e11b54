r"""Layers with ``forward(...) -> (out, cache)`` / ``backward(dout, cache)``, and a tiny MLP.

Row-vector convention, as in the lecture notes: X has shape (m, n_in), W (n_in, n_out),
b (n_out,), and Z = X @ W + b has shape (m, n_out). Gradients are of the cost
J = (1/m) Σ ℓ, so every ``backward`` receives dout = ∂J/∂out.

>>> net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", init="glorot_uniform",
...           rng=np.random.default_rng(0))
>>> grads = net.gradients(X, y, loss="bce")      # [(dW_1, db_1), (dW_2, db_2)]
>>> net.step(grads, eta=0.5)
"""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib import activations, initializers, losses
from course_lib._validate import as_float_array, as_positive_int, as_real, check_rng

__all__ = [
    "MLP",
    "Gradients",
    "Inspection",
    "Trace",
    "activation_backward",
    "activation_forward",
    "dense_backward",
    "dense_forward",
    "maxout_backward",
    "maxout_forward",
    "prelu_backward",
    "prelu_forward",
]


# ---------------------------------------------------------------- layers
def _check_dense(X, W, b):
    X = as_float_array(X, "X")
    W = as_float_array(W, "W")
    b = as_float_array(b, "b")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (m, n_in), got shape {X.shape}")
    if W.ndim != 2:
        raise ValueError(f"W must have shape (n_in, n_out), got shape {W.shape}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(
            f"X has {X.shape[1]} columns but W has {W.shape[0]} rows: "
            f"X must have shape (m, n_in) and W shape (n_in, n_out), got {X.shape} and {W.shape}"
        )
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape (n_out,) = ({W.shape[1]},), got {b.shape}")
    return X, W, b


def dense_forward(X, W, b):
    r"""Z = XW + b. X (m, n_in), W (n_in, n_out), b (n_out,) -> Z (m, n_out), cache."""
    X, W, b = _check_dense(X, W, b)
    return X @ W + b, (X, W)


def dense_backward(dZ, cache):
    r"""dX = dZ W^\top, dW = X^\top dZ, db = \sum_i dZ_i. Returns (dX, dW, db)."""
    X, W = cache
    dZ = as_float_array(dZ, "dZ")
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dZ must have shape (m, n_out) = {(X.shape[0], W.shape[1])}, got {dZ.shape}")
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def activation_forward(Z, name: str, **params):
    r"""A = f(Z) elementwise, for any registered activation. Returns (A, cache)."""
    act = activations.get(name)
    kw = act.resolve(params)
    Z = as_float_array(Z, "Z")
    return act.f(Z, **kw), (Z, act, kw)


def activation_backward(dA, cache):
    r"""dZ = dA \odot f'(Z)."""
    Z, act, kw = cache
    dA = as_float_array(dA, "dA")
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the shape of Z {Z.shape}, got {dA.shape}")
    return dA * act.df(Z, **kw)


def prelu_forward(Z, alpha):
    r"""A = Z if Z ≥ 0 else αZ; α a scalar (shared) or one per unit, shape (n,). Returns (A, cache)."""
    Z = as_float_array(Z, "Z")
    alpha = as_float_array(alpha, "alpha")
    if alpha.ndim > 1 or (alpha.ndim == 1 and alpha.shape[0] != Z.shape[-1]):
        raise ValueError(f"alpha must be a scalar or have shape ({Z.shape[-1]},), got {alpha.shape}")
    return np.where(Z >= 0, Z, alpha * Z), (Z, alpha)


def prelu_backward(dA, cache):
    r"""dZ = dA ⊙ (1 if Z > 0 else α); dα = Σ dA ⊙ min(0, Z). Returns (dZ, dalpha)."""
    Z, alpha = cache
    dA = as_float_array(dA, "dA")
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the shape of Z {Z.shape}, got {dA.shape}")
    dZ = dA * np.where(Z > 0, 1.0, alpha)
    contrib = dA * np.minimum(Z, 0.0)
    dalpha = contrib.sum() if alpha.ndim == 0 else contrib.reshape(-1, Z.shape[-1]).sum(axis=0)
    return dZ, dalpha


def maxout_forward(X, W, b):
    r"""out_j = max_k (X W_k + b_k)_j. X (m, n_in), W (k, n_in, n_out), b (k, n_out) -> (out, cache)."""
    X = as_float_array(X, "X")
    W = as_float_array(W, "W")
    b = as_float_array(b, "b")
    if W.ndim != 3:
        raise ValueError(f"W must have shape (k, n_in, n_out) for k affine pieces, got {W.shape}")
    if X.ndim != 2 or X.shape[1] != W.shape[1]:
        raise ValueError(f"X must have shape (m, n_in) with n_in = {W.shape[1]}, got {X.shape}")
    if b.shape != (W.shape[0], W.shape[2]):
        raise ValueError(f"b must have shape (k, n_out) = {(W.shape[0], W.shape[2])}, got {b.shape}")
    Z = np.einsum("mi,kio->kmo", X, W) + b[:, None, :]  # (k, m, n_out)
    idx = Z.argmax(axis=0)  # the winning piece per (example, unit)
    out = np.take_along_axis(Z, idx[None], axis=0)[0]
    return out, (X, W, idx)


def maxout_backward(dout, cache):
    r"""The gradient flows only through the arg-max piece. Returns (dX, dW, db)."""
    X, W, idx = cache
    dout = as_float_array(dout, "dout")
    if dout.shape != idx.shape:
        raise ValueError(f"dout must have shape (m, n_out) = {idx.shape}, got {dout.shape}")
    k = W.shape[0]
    dZ = np.zeros((k, *dout.shape))
    np.put_along_axis(dZ, idx[None], dout[None], axis=0)
    dX = np.einsum("kmo,kio->mi", dZ, W)
    dW = np.einsum("mi,kmo->kio", X, dZ)
    return dX, dW, dZ.sum(axis=1)


# ---------------------------------------------------------------- the MLP
@dataclass
class Trace:
    """What one forward pass computed: the input, and per layer Z_l and A_l = f(Z_l)."""

    X: np.ndarray
    zs: list[np.ndarray]
    activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]


class Gradients(list):
    """[(dW_1, db_1), ..., (dW_L, db_L)]; ``dalphas`` holds ∂J/∂α per hidden layer (PReLU nets)."""

    def __init__(self, pairs, dalphas=None):
        super().__init__(pairs)
        self.dalphas = dalphas


@dataclass
class Inspection:
    """One forward and backward pass, everything per layer (index 0 = first layer)."""

    trace: Trace
    grads: Gradients
    dzs: list[np.ndarray]  # ∂J/∂Z_l
    cost: float

    @property
    def zs(self) -> list[np.ndarray]:
        return self.trace.zs

    @property
    def activations(self) -> list[np.ndarray]:
        return self.trace.activations

    @property
    def grad_norms(self) -> np.ndarray:
        """‖∂J/∂W_l‖ (Frobenius) for every layer l."""
        return np.array([np.linalg.norm(dW) for dW, _ in self.grads])


class _Workspace:
    """Buffers for gradients() and fit(), reused while the batch size stays m.

    Fresh multi-megabyte arrays on every call cost page faults (the allocator hands big blocks
    back to the OS when they are freed) that take longer than the arithmetic; and the fewer
    buffers a pass touches, the more of them are still in the CPU cache. These buffers never
    leave the network, and gradients a caller holds are never overwritten (see grad_arrays).
    """

    def __init__(self, m: int, sizes: list[int]):
        self.m = m
        hidden = sizes[1:-1]
        # Hidden layer l: Z_l is computed into a[l], then overwritten in place by A_l = f(Z_l).
        # What the backward pass needs of Z_l is kept before that: f'(Z_l) in df[l] (for relu a
        # boolean mask, which later calls overwrite in place), and ∂f/∂α in dfdalpha[l] (PReLU).
        self.a = [np.empty((m, n)) for n in hidden]
        self.df: list[np.ndarray | None] = [None] * len(hidden)
        self.dfdalpha: list[np.ndarray | None] = [None] * len(hidden)
        self.z_out = np.empty((m, sizes[-1]))
        # ∂J/∂A_l is needed only until ∂J/∂Z_l has been used for layer l's gradients, so two
        # buffers take turns (contiguous views of the first m·n entries, whatever n is).
        turns = [np.empty(m * max(hidden, default=0)) for _ in range(2)]
        self.da = [turns[layer % 2][: m * n].reshape(m, n) for layer, n in enumerate(hidden)]
        self.ones = np.ones(m)  # db = 1ᵀ dZ as a matrix-vector product (faster than a column sum)
        self.shapes = [s for n_in, n_out in zip(sizes, sizes[1:]) for s in ((n_in, n_out), (n_out,))]
        self._grad_block: np.ndarray | None = None

    def grad_arrays(self) -> list[np.ndarray]:
        """Arrays for dW_1, db_1, dW_2, ...: views of one block, recycled only when nobody holds it.

        If the caller still holds any gradient from an earlier call (any view keeps the block
        alive), a new block is made, so returned gradients are never overwritten.
        """
        block = self._grad_block
        if block is None or sys.getrefcount(block) > 2:  # 2 = our attribute + getrefcount's arg
            block = self._grad_block = np.empty(sum(math.prod(s) for s in self.shapes))
        views, start = [], 0
        for shape in self.shapes:
            size = math.prod(shape)
            views.append(block[start : start + size].reshape(shape))
            start += size
        return views


class MLP:
    """A fully connected network: hidden layers share one activation; any output activation."""

    def __init__(
        self,
        sizes: Sequence[int],
        hidden: str = "relu",
        output: str = "sigmoid",
        init: str = "he_normal",
        rng: np.random.Generator | None = None,
        *,
        hidden_params: dict | None = None,
        init_params: dict | None = None,
        bias: float = 0.0,
    ):
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
            raise ValueError(
                f"sizes must be a list of layer widths [n_in, ..., n_out] (at least 2), got {sizes!r}"
            )
        self.sizes = [as_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
        self.hidden = activations.get(hidden)
        self.hidden_params = self.hidden.resolve(hidden_params or {})
        if output == "softmax":
            self.output = "softmax"
            self.output_params: dict[str, float] = {}
        else:
            self.output = activations.get(output).name
            self.output_params = activations.get(output).resolve({})  # defaults, e.g. elu's alpha
        self.init = initializers.get(init)
        init_kw = dict(init_params or {})
        if self.init.distribution != "constant":
            check_rng(rng)
        bias = as_real(bias, "bias")
        self.weights = [
            self.init(n_in, n_out, rng, **init_kw) for n_in, n_out in zip(self.sizes, self.sizes[1:])
        ]
        self.biases = [np.full(n_out, bias) for n_out in self.sizes[1:]]
        self.biases[-1][:] = 0.0  # the output bias starts at 0 whatever the hidden bias
        # PReLU: one learnable α per hidden layer, shared by its units
        self.alphas = [self.hidden_params["alpha"]] * self.n_hidden if self.learns_alpha else None
        self._ws: _Workspace | None = None

    # -- description
    @property
    def n_layers(self) -> int:
        return len(self.weights)

    @property
    def n_hidden(self) -> int:
        return len(self.weights) - 1

    @property
    def learns_alpha(self) -> bool:
        return "alpha" in self.hidden.dparams

    def __repr__(self) -> str:
        return (
            f"MLP({self.sizes}, hidden={self.hidden.name!r}, output={self.output!r}, init={self.init.name!r})"
        )

    def copy(self) -> MLP:
        twin = copy.copy(self)
        twin.weights = [W.copy() for W in self.weights]
        twin.biases = [b.copy() for b in self.biases]
        twin.alphas = None if self.alphas is None else list(self.alphas)
        twin.hidden_params = dict(self.hidden_params)
        twin._ws = None  # never share buffers
        return twin

    def n_params(self) -> int:
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    # -- forward
    def _check_X(self, X) -> np.ndarray:
        X = as_float_array(X, "X", copy=False)  # read only
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (m, n_in) = (m, {self.sizes[0]}), got {X.shape}")
        return X

    def _hidden_kw(self, layer: int) -> dict:
        if self.alphas is None:
            return self.hidden_params
        return {**self.hidden_params, "alpha": self.alphas[layer]}

    def forward_pass(self, X) -> Trace:
        """Forward pass keeping Z_l and A_l of every layer (what backprop and the plots need)."""
        return self._forward(self._check_X(X))

    def _forward(self, X: np.ndarray) -> Trace:
        """Z_l = A_{l-1} W_l + b_l, A_l = f(Z_l), every Z_l and A_l kept in a fresh array."""
        A = X
        zs, acts = [], []
        for layer, (W, b) in enumerate(zip(self.weights, self.biases)):
            Z = A @ W + b
            A = self._output(Z) if layer == self.n_hidden else self.hidden.f(Z, **self._hidden_kw(layer))
            zs.append(Z)
            acts.append(A)
        return Trace(X=X, zs=zs, activations=acts)

    def _output(self, Z: np.ndarray) -> np.ndarray:
        """A_L = f(Z_L) for the output activation."""
        if self.output == "softmax":
            return activations._softmax(Z, -1, 1.0)
        return activations.REGISTRY[self.output].f(Z, **self.output_params)

    def _forward_into(self, X: np.ndarray, ws: _Workspace) -> tuple[np.ndarray, np.ndarray]:
        """The forward pass of gradients() and fit(), into the workspace; returns (Z_L, A_L).

        The same arithmetic as _forward, arranged for speed: each hidden Z_l is used while it is
        still in the CPU cache — f'(Z_l) for the backward pass is computed now, then Z_l is
        overwritten in place by A_l — instead of being read back from memory later.
        """
        hidden = self.hidden
        A = X
        # ws.a holds one buffer per hidden layer, so zip stops before the output layer
        for layer, (W, b, buf) in enumerate(zip(self.weights, self.biases, ws.a)):
            Z = np.matmul(A, W, out=buf)
            Z += b
            kw = self._hidden_kw(layer)
            ws.df[layer] = hidden.grad_into(Z, ws.df[layer], kw)  # into last call's array if it can
            if self.alphas is not None:
                ws.dfdalpha[layer] = hidden.dparams["alpha"](Z, **kw)
            A = hidden.apply_into(Z, Z, kw)  # A_l replaces Z_l
        Z = np.matmul(A, self.weights[-1], out=ws.z_out)
        Z += self.biases[-1]
        return Z, self._output(Z)

    def _workspace(self, m: int) -> _Workspace:
        if self._ws is None or self._ws.m != m:
            self._ws = _Workspace(m, self.sizes)
        return self._ws

    def forward(self, X) -> np.ndarray:
        """The network's output for X of shape (m, n_in): shape (m, n_out)."""
        return self.forward_pass(X).output

    __call__ = forward

    # -- targets and loss
    def _check_y(self, y, loss: str, m: int) -> np.ndarray:
        n_out = self.sizes[-1]
        y_arr = np.asarray(y)
        if loss == "ce":
            if self.output != "softmax":
                raise ValueError(
                    f"loss 'ce' needs output='softmax', this network's output is {self.output!r}"
                )
            if y_arr.ndim == 1:
                if y_arr.shape[0] != m:
                    raise ValueError(f"y must have one label per example ({m}), got {y_arr.shape[0]}")
                return losses.one_hot(y_arr, n_out)
        y_arr = as_float_array(y, "y")
        if y_arr.ndim == 1 and n_out == 1:
            y_arr = y_arr[:, None]
        if y_arr.shape != (m, n_out):
            raise ValueError(
                f"y must have shape (m, n_out) = {(m, n_out)}"
                + (f" or ({m},)" if n_out == 1 else "")
                + f", got {np.shape(y)}"
            )
        return y_arr

    def _cost(self, Z: np.ndarray, A: np.ndarray, Y: np.ndarray, loss: str) -> float:
        """J from the output layer's Z_L and A_L."""
        if loss == "bce" and self.output == "sigmoid":
            per = losses._bce_logits(Z, Y)  # exact, from the logits
        elif loss == "ce":
            per = losses._softmax_ce(Z, Y)
        else:
            per = losses.get(loss).value(A, Y)
        return float(np.sum(per) / Y.shape[0])

    def loss(self, X, y, loss: str = "bce") -> float:
        """The cost J = (1/m) Σ ℓ on (X, y)."""
        losses.get(loss)
        trace = self.forward_pass(X)
        return self._cost(trace.zs[-1], trace.output, self._check_y(y, loss, trace.X.shape[0]), loss)

    # -- backward
    def _output_delta(self, Z: np.ndarray, A: np.ndarray, Y: np.ndarray, loss: str) -> np.ndarray:
        """∂J/∂Z_L for J = mean loss, from the output layer's Z_L and A_L."""
        m = Y.shape[0]
        spec = losses.get(loss)
        if spec.fused_output == self.output and loss in ("bce", "ce"):
            dZ = A - Y  # fused: sigmoid + BCE, softmax + CE
        else:
            dA = spec.grad(A, Y)
            if self.output == "softmax":
                dZ = activations.softmax_vjp(Z, dA)
            else:
                dZ = dA * activations.REGISTRY[self.output].df(Z, **self.output_params)
        dZ /= m
        return dZ

    def _backward(self, trace: Trace, dZ: np.ndarray) -> tuple[Gradients, list[np.ndarray]]:
        """Backpropagation from dZ = ∂J/∂Z_L; returns the gradients and every ∂J/∂Z_l."""
        pairs = [None] * self.n_layers
        dalphas = [0.0] * self.n_hidden if self.alphas is not None else None
        dzs = [None] * self.n_layers
        for layer in range(self.n_layers - 1, -1, -1):
            dzs[layer] = dZ
            A_prev = trace.activations[layer - 1] if layer > 0 else trace.X
            pairs[layer] = (A_prev.T @ dZ, dZ.sum(axis=0))
            if layer == 0:
                break
            dA = dZ @ self.weights[layer].T  # ∂J/∂A_{l-1}
            Z_prev, kw = trace.zs[layer - 1], self._hidden_kw(layer - 1)
            if dalphas is not None:
                dalphas[layer - 1] = float(np.sum(dA * self.hidden.dparams["alpha"](Z_prev, **kw)))
            dZ = dA * self.hidden.df(Z_prev, **kw)
        return Gradients(pairs, dalphas), dzs

    def _backward_into(self, X: np.ndarray, dZ: np.ndarray, ws: _Workspace) -> Gradients:
        """_backward for gradients() and fit(), after _forward_into(X, ws): the same arithmetic,
        with the gradients written into one block (see _Workspace.grad_arrays), ∂J/∂A into the
        two buffers that take turns, and dZ = dA ⊙ f'(Z) formed in place."""
        out = ws.grad_arrays()
        dalphas = [0.0] * self.n_hidden if self.alphas is not None else None
        ones = ws.ones
        for layer in range(self.n_hidden, 0, -1):  # the hidden layers' inputs are hidden layers
            A_prev = ws.a[layer - 1]
            np.matmul(A_prev.T, dZ, out=out[2 * layer])
            np.matmul(ones, dZ, out=out[2 * layer + 1])
            dA = np.matmul(dZ, self.weights[layer].T, out=ws.da[layer - 1])
            if dalphas is not None:
                dalphas[layer - 1] = float(np.sum(dA * ws.dfdalpha[layer - 1]))
            dA *= ws.df[layer - 1]
            dZ = dA
        np.matmul(X.T, dZ, out=out[0])  # the first layer's input is X
        np.matmul(ones, dZ, out=out[1])
        return Gradients(list(zip(out[::2], out[1::2])), dalphas)

    def gradients(self, X, y, loss: str = "bce") -> Gradients:
        """[(dW_l, db_l)] for the cost J = (1/m) Σ ℓ, by backpropagation."""
        losses.get(loss)
        X = self._check_X(X)
        Y = self._check_y(y, loss, X.shape[0])
        ws = self._workspace(X.shape[0])
        Z, A = self._forward_into(X, ws)
        return self._backward_into(X, self._output_delta(Z, A, Y, loss), ws)

    def inspect(self, X, y, loss: str = "bce") -> Inspection:
        """One forward and backward pass with everything kept: Z_l, A_l, dZ_l, dW_l, ‖dW_l‖, J."""
        losses.get(loss)
        trace = self.forward_pass(X)
        Y = self._check_y(y, loss, trace.X.shape[0])
        Z, A = trace.zs[-1], trace.output
        grads, dzs = self._backward(trace, self._output_delta(Z, A, Y, loss))
        return Inspection(trace=trace, grads=grads, dzs=dzs, cost=self._cost(Z, A, Y, loss))

    # -- training
    def step(self, grads: Gradients, eta: float) -> None:
        """Plain gradient descent: W ← W − η dW, b ← b − η db (and α ← α − η dα for PReLU)."""
        eta = as_real(eta, "eta")
        if len(grads) != self.n_layers:
            raise ValueError(
                f"grads must hold one (dW, db) pair per layer ({self.n_layers}), got {len(grads)}"
            )
        for layer, (dW, db) in enumerate(grads):
            if np.shape(dW) != self.weights[layer].shape or np.shape(db) != self.biases[layer].shape:
                raise ValueError(
                    f"grads[{layer}] shapes {np.shape(dW)}, {np.shape(db)} do not match "
                    f"W {self.weights[layer].shape}, b {self.biases[layer].shape}"
                )
            self.weights[layer] = self.weights[layer] - eta * dW
            self.biases[layer] = self.biases[layer] - eta * db
        dalphas = getattr(grads, "dalphas", None)
        if self.alphas is not None and dalphas is not None:
            self.alphas = [a - eta * da for a, da in zip(self.alphas, dalphas)]

    def fit(self, X, y, loss: str = "bce", eta: float = 0.1, epochs: int = 100) -> np.ndarray:
        """Full-batch gradient descent for ``epochs`` steps; returns the cost before each step."""
        losses.get(loss)
        epochs = as_positive_int(epochs, "epochs")
        X = self._check_X(X)
        Y = self._check_y(y, loss, X.shape[0])
        history = np.empty(epochs)
        ws = self._workspace(X.shape[0])
        for epoch in range(epochs):
            Z, A = self._forward_into(X, ws)
            history[epoch] = self._cost(Z, A, Y, loss)
            self.step(self._backward_into(X, self._output_delta(Z, A, Y, loss), ws), eta)
        return history

    def predict(self, X) -> np.ndarray:
        """Class labels: a ≥ 0.5 for a sigmoid output, arg-max for softmax; else the output."""
        A = self.forward(X)
        if self.output == "softmax":
            return A.argmax(axis=1)
        if self.output == "sigmoid":
            labels = (A >= 0.5).astype(np.int64)
            return labels[:, 0] if labels.shape[1] == 1 else labels
        return A

    def accuracy(self, X, y) -> float:
        """Fraction of examples whose predicted label equals y."""
        pred = self.predict(X)
        y = np.asarray(y)
        if self.output == "softmax" and y.ndim == 2:
            y = y.argmax(axis=1)
        return float(np.mean(pred == y.reshape(pred.shape)))
