r"""Layers as forward/backward pairs, an MLP built from them, and one trainer.

Row-vector convention, as in the lecture notes: X has shape (m, n_in), W (n_in, n_out),
b (n_out,), and Z = X @ W + b has shape (m, n_out). Gradients are of the cost
J = (1/m) Σ ℓ, so every ``backward`` receives dout = ∂J/∂out.

Every layer is two functions side by side, in the style of cs231n: ``forward(inputs) -> (out,
cache)`` keeps what the backward pass needs, ``backward(dout, cache)`` returns the gradients.
A network is these layers in a row (:func:`network_forward`), and backpropagation is the same
row walked back (:func:`network_backward`), in one screen.

**Stacks.** Every function also takes a *stack* of K independent networks at once: a leading
axis of length K on every array (X (K, m, n_in), W (K, n_in, n_out), b (K, n_out)). The
arithmetic is the same, ``@`` multiplies each network's own matrices, and sums run over the
examples only. :func:`train` uses this to train K networks (other seeds, initializers or data
sets) in one loop; :meth:`MLP.fit` is the case K = 1.

>>> net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", init="glorot_uniform",
...           rng=np.random.default_rng(0))
>>> grads = net.gradients(X, y, loss="bce")      # [(dW_1, db_1), (dW_2, db_2)]
>>> net.step(grads, eta=0.5)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
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
    "network_backward",
    "network_forward",
    "output_backward",
    "output_forward",
    "prelu_backward",
    "prelu_forward",
    "train",
]


def _T(A: np.ndarray) -> np.ndarray:
    """The transpose of a matrix, or of every matrix of a stack (the last two axes swapped)."""
    return np.swapaxes(A, -1, -2)


# ---------------------------------------------------------------- layers
def _check_dense(X, W, b):
    X = as_float_array(X, "X", copy=False)  # read only
    W = as_float_array(W, "W", copy=False)
    b = as_float_array(b, "b", copy=False)
    if X.ndim < 2:
        raise ValueError(f"X must have shape (m, n_in), got shape {X.shape}")
    if W.ndim != X.ndim:
        raise ValueError(f"W must have shape (n_in, n_out) (one more axis per stack), got shape {W.shape}")
    if X.shape[-1] != W.shape[-2]:
        raise ValueError(
            f"X has {X.shape[-1]} columns but W has {W.shape[-2]} rows: "
            f"X must have shape (m, n_in) and W shape (n_in, n_out), got {X.shape} and {W.shape}"
        )
    if b.shape != W.shape[:-2] + W.shape[-1:]:
        raise ValueError(f"b must have shape (n_out,) = ({W.shape[-1]},), got {b.shape}")
    return X, W, b


def dense_forward(X, W, b):
    r"""Z = XW + b.  X (m, n_in), W (n_in, n_out), b (n_out,) -> Z (m, n_out), cache (X, W)."""
    X, W, b = _check_dense(X, W, b)
    return X @ W + b[..., None, :], (X, W)


def dense_backward(dZ, cache):
    r"""dX = dZ Wᵀ (m, n_in), dW = Xᵀ dZ (n_in, n_out), db = Σ_i dZ_i (n_out,). Returns (dX, dW, db)."""
    X, W = cache
    dZ = as_float_array(dZ, "dZ", copy=False)
    if dZ.shape != X.shape[:-1] + W.shape[-1:]:
        raise ValueError(f"dZ must have shape (m, n_out) = {X.shape[:-1] + W.shape[-1:]}, got {dZ.shape}")
    return dZ @ _T(W), _T(X) @ dZ, dZ.sum(axis=-2)


def activation_forward(Z, name: str, **params):
    r"""A = f(Z) elementwise, for any registered activation.  Z (m, n) -> A (m, n), cache."""
    act = activations.get(name)
    kw = act.resolve(params)
    Z = as_float_array(Z, "Z", copy=False)
    return act.f(Z, **kw), (Z, act, kw)


def activation_backward(dA, cache):
    r"""dZ = dA ⊙ f'(Z)  (m, n)."""
    Z, act, kw = cache
    dA = as_float_array(dA, "dA", copy=False)
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the shape of Z {Z.shape}, got {dA.shape}")
    return dA * act.df(Z, **kw)


def prelu_forward(Z, alpha):
    r"""A = Z if Z ≥ 0 else αZ.  Z (m, n); α a scalar (shared by the layer), one per unit (n,), or
    any shape that broadcasts against Z (one per network of a stack: (K, 1, 1)). Returns (A, cache)."""
    Z = as_float_array(Z, "Z", copy=False)
    alpha = as_float_array(alpha, "alpha", copy=False)
    if alpha.ndim == 1 and alpha.shape[0] != Z.shape[-1]:
        raise ValueError(f"alpha must be a scalar or have shape ({Z.shape[-1]},), got {alpha.shape}")
    try:
        np.broadcast_shapes(alpha.shape, Z.shape)
    except ValueError:
        raise ValueError(f"alpha of shape {alpha.shape} does not broadcast against Z {Z.shape}") from None
    return np.where(Z >= 0, Z, alpha * Z), (Z, alpha)


def prelu_backward(dA, cache):
    r"""dZ = dA ⊙ (1 if Z > 0 else α);  dα = Σ dA ⊙ min(0, Z), summed to α's shape. Returns (dZ, dα)."""
    Z, alpha = cache
    dA = as_float_array(dA, "dA", copy=False)
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the shape of Z {Z.shape}, got {dA.shape}")
    dZ = dA * np.where(Z > 0, 1.0, alpha)
    contrib = dA * np.minimum(Z, 0.0)
    return dZ, _sum_to_shape(contrib, alpha.shape)


def _sum_to_shape(x: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum x over the axes that broadcasting added or stretched to reach x's shape from ``shape``."""
    lead = x.ndim - len(shape)
    x = x.sum(axis=tuple(range(lead))) if lead else x
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and x.shape[i] != 1)
    return x.sum(axis=stretched, keepdims=True) if stretched else x


def maxout_forward(X, W, b):
    r"""out_j = max_k (X W_k + b_k)_j.
    X (m, n_in), W (k, n_in, n_out), b (k, n_out) -> out (m, n_out), cache."""
    X = as_float_array(X, "X", copy=False)
    W = as_float_array(W, "W", copy=False)
    b = as_float_array(b, "b", copy=False)
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
    dout = as_float_array(dout, "dout", copy=False)
    if dout.shape != idx.shape:
        raise ValueError(f"dout must have shape (m, n_out) = {idx.shape}, got {dout.shape}")
    k = W.shape[0]
    dZ = np.zeros((k, *dout.shape))
    np.put_along_axis(dZ, idx[None], dout[None], axis=0)
    dX = np.einsum("kmo,kio->mi", dZ, W)
    dW = np.einsum("mi,kmo->kio", X, dZ)
    return dX, dW, dZ.sum(axis=1)


def output_forward(Z, Y, output: str, loss: str):
    r"""The output layer and the cost together: A = f(Z) and J = (1/m) Σ ℓ(A, Y).

    Z, Y (m, n_out) -> (A, J, cache); with a stack, J has one entry per network. J is computed
    from the logits where that is exact (sigmoid + BCE, softmax + CE: no log of a rounded 0).
    """
    m = Z.shape[-2]
    if output == "softmax":
        A = activations.softmax(Z)
    else:
        act = activations.get(output)
        A = act.f(Z, **act.defaults)
    if loss == "bce" and output == "sigmoid":
        per = losses.binary_cross_entropy_with_logits(Z, Y)
    elif loss == "ce" and output == "softmax":
        per = losses.softmax_cross_entropy(Z, Y)
    else:
        per = losses.get(loss).value(A, Y)
    J = np.sum(per, axis=-1) / m  # the losses return one value per example
    return A, J, (Z, A, Y, output, loss)


def output_backward(cache):
    r"""∂J/∂Z of :func:`output_forward`. Fused where the derivatives cancel: sigmoid + BCE and
    softmax + CE give dZ = (A − Y)/m; otherwise dZ = f'(Z) ⊙ ∂J/∂A (softmax: its Jacobian)."""
    Z, A, Y, output, loss = cache
    m = Z.shape[-2]
    if (output, loss) in (("sigmoid", "bce"), ("softmax", "ce")):
        return (A - Y) / m
    dA = losses.get(loss).grad(A, Y) / m
    if output == "softmax":
        return activations.softmax_vjp(Z, dA)
    act = activations.get(output)
    return dA * act.df(Z, **act.defaults)


# ---------------------------------------------------------------- a network: the layers in a row
def network_forward(X, weights, biases, hidden: str, hidden_params=None, alphas=None):
    r"""Dense → hidden activation, L − 1 times, then the last dense layer: returns Z_L and one
    cache per layer. ``alphas`` (one per hidden layer) makes the hidden layers PReLU with a
    learnable α; otherwise ``hidden`` names the activation, ``hidden_params`` its parameters."""
    caches = []
    A = X
    for layer, (W, b) in enumerate(zip(weights, biases)):
        Z, dense_cache = dense_forward(A, W, b)
        if layer == len(weights) - 1:
            caches.append((dense_cache, None))
            return Z, caches
        if alphas is not None:
            A, act_cache = prelu_forward(Z, alphas[layer])
        else:
            A, act_cache = activation_forward(Z, hidden, **(hidden_params or {}))
        caches.append((dense_cache, act_cache))
    raise ValueError("a network needs at least one layer")


def network_backward(dZ, caches, learns_alpha: bool = False):
    r"""Backpropagation, from dZ = ∂J/∂Z_L to every layer's gradients: for l = L … 1,
    (dA_{l−1}, dW_l, db_l) = dense_backward(dZ_l), then dZ_{l−1} = dA_{l−1} ⊙ f'(Z_{l−1}).

    Returns ``(grads, dalphas, dzs)``: [(dW_l, db_l)], ∂J/∂α per hidden layer (PReLU, else
    None) and every ∂J/∂Z_l, in layer order."""
    L = len(caches)
    grads, dzs = [None] * L, [None] * L
    dalphas = [None] * (L - 1) if learns_alpha else None
    for layer in range(L - 1, -1, -1):
        dense_cache, _ = caches[layer]
        dzs[layer] = dZ
        dA, dW, db = dense_backward(dZ, dense_cache)
        grads[layer] = (dW, db)
        if layer > 0:
            act_cache = caches[layer - 1][1]
            if learns_alpha:
                dZ, dalphas[layer - 1] = prelu_backward(dA, act_cache)
            else:
                dZ = activation_backward(dA, act_cache)
    return grads, dalphas, dzs


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
        else:
            self.output = activations.get(output).name
            activations.get(output).resolve({})  # an output activation takes its default parameters
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
        return twin

    def n_params(self) -> int:
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    # -- checks
    def check_X(self, X) -> np.ndarray:
        """X as a float array of shape (m, n_in), or a clear error."""
        X = as_float_array(X, "X", copy=False)  # read only
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (m, n_in) = (m, {self.sizes[0]}), got {X.shape}")
        return X

    def check_y(self, y, loss: str, m: int) -> np.ndarray:
        """Targets as an array of shape (m, n_out) for ``loss``: class labels become one-hot rows
        for 'ce', a vector (m,) a column for one output unit; a clear error otherwise."""
        losses.get(loss)
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

    # -- forward and backward
    def _forward(self, X: np.ndarray):
        return network_forward(
            X, self.weights, self.biases, self.hidden.name, self.hidden_params, self.alphas
        )

    def _output(self, Z: np.ndarray) -> np.ndarray:
        if self.output == "softmax":
            return activations.softmax(Z)
        act = activations.get(self.output)
        return act.f(Z, **act.defaults)

    @staticmethod
    def _trace(X: np.ndarray, Z: np.ndarray, caches: list, A: np.ndarray) -> Trace:
        """Z_l and A_l of every layer, read off the caches (no copies)."""
        zs = [act_cache[0] for _, act_cache in caches[:-1]] + [Z]  # an activation's cache starts with Z
        acts = [dense_cache[0] for dense_cache, _ in caches[1:]] + [A]  # A_l is what layer l + 1 took in
        return Trace(X=X, zs=zs, activations=acts)

    def forward_pass(self, X) -> Trace:
        """Forward pass keeping Z_l and A_l of every layer (what backprop and the plots need)."""
        X = self.check_X(X)
        Z, caches = self._forward(X)
        return self._trace(X, Z, caches, self._output(Z))

    def forward(self, X) -> np.ndarray:
        """The network's output for X of shape (m, n_in): shape (m, n_out)."""
        return self.forward_pass(X).output

    __call__ = forward

    def loss(self, X, y, loss: str = "bce") -> float:
        """The cost J = (1/m) Σ ℓ on (X, y)."""
        X = self.check_X(X)
        Z, _ = self._forward(X)
        return float(output_forward(Z, self.check_y(y, loss, X.shape[0]), self.output, loss)[1])

    def inspect(self, X, y, loss: str = "bce") -> Inspection:
        """One forward and backward pass with everything kept: Z_l, A_l, dZ_l, dW_l, ‖dW_l‖, J."""
        X = self.check_X(X)
        Y = self.check_y(y, loss, X.shape[0])
        Z, caches = self._forward(X)
        A, J, out_cache = output_forward(Z, Y, self.output, loss)
        grads, dalphas, dzs = network_backward(output_backward(out_cache), caches, self.learns_alpha)
        if dalphas is not None:
            dalphas = [float(d) for d in dalphas]
        return Inspection(self._trace(X, Z, caches, A), Gradients(grads, dalphas), dzs, float(J))

    def gradients(self, X, y, loss: str = "bce") -> Gradients:
        """[(dW_l, db_l)] for the cost J = (1/m) Σ ℓ, by backpropagation."""
        return self.inspect(X, y, loss).grads

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

    def fit(
        self,
        X,
        y,
        loss: str = "bce",
        eta: float = 0.1,
        epochs: int = 100,
        *,
        batch_size: int | None = None,
        rng: np.random.Generator | None = None,
    ) -> np.ndarray:
        """Gradient descent for ``epochs`` passes over the data; returns the cost of each epoch.

        Full batch (one step per epoch, the cost before it) unless ``batch_size`` is given: then
        mini-batch SGD, shuffled by ``rng`` every epoch (see :func:`train`).
        """
        return train([self], X, y, loss=loss, eta=eta, epochs=epochs, batch_size=batch_size, rng=rng)[0]

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


# ---------------------------------------------------------------- the trainer
def _same_architecture(nets: Sequence[MLP]) -> None:
    if not nets:
        raise ValueError("train needs at least one network")
    first = nets[0]
    for net in nets:
        if not isinstance(net, MLP):
            raise TypeError(f"train takes nn.MLP networks, got {type(net).__name__}")
        if (net.sizes, net.hidden.name, net.hidden_params, net.output) != (
            first.sizes,
            first.hidden.name,
            first.hidden_params,
            first.output,
        ):
            raise ValueError(
                "train trains networks of one architecture together (sizes, hidden activation and its "
                f"parameters, output); got {net!r} next to {first!r}"
            )


def _stack_data(nets: Sequence[MLP], X, y, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """X (K, m, n_in) and Y (K, m, n_out): one data set for all networks, or one per network."""
    K, first = len(nets), nets[0]
    if isinstance(X, (list, tuple)) or np.ndim(X) == 3:
        if len(X) != K or len(y) != K:
            raise ValueError(f"give one X and one y per network ({K}), or one X and y for all")
        Xs = [first.check_X(x) for x in X]
        if any(x.shape != Xs[0].shape for x in Xs):
            raise ValueError(f"every X must have the same shape, got {[x.shape for x in Xs]}")
        Ys = [first.check_y(t, loss, x.shape[0]) for x, t in zip(Xs, y)]
        return np.stack(Xs), np.stack(Ys)
    X = first.check_X(X)
    Y = first.check_y(y, loss, X.shape[0])
    return np.broadcast_to(X, (K, *X.shape)), np.broadcast_to(Y, (K, *Y.shape))


def train(
    nets: Sequence[MLP],
    X,
    y,
    *,
    loss: str = "bce",
    eta: float = 0.1,
    epochs: int = 100,
    every: int | None = None,
    callback: Callable[[int, list, list], None] | None = None,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""Gradient descent on K networks at once; returns the cost of every epoch, shape (K, epochs).

    ``nets`` share one architecture (their weights differ: seeds, initializers). ``X`` and ``y``
    are one data set for all, or one per network (lists of K). Each network takes exactly the
    steps ``net.fit`` would take alone: its weights are stacked along a first axis of length K,
    and :func:`network_forward` / :func:`network_backward` run on the stack. The trained weights
    are written back into ``nets``. ``callback(done, weights, biases)``, if given, is called
    before the first epoch and after every ``every`` epochs with the stacked weights.

    **Full batch** (``batch_size=None``, the default): one step per epoch on all m examples, and
    the cost is J before that step. **Mini-batch SGD** (``batch_size=B``, 1 ≤ B ≤ m): every epoch
    ``rng`` (a ``np.random.Generator``, required) shuffles the m examples, and the network takes
    one step per slice of B of them (the last slice holds the rest when B does not divide m).
    Each step is plain gradient descent on the cost of its batch, J_B = (1/|B|) Σ_batch ℓ; the cost
    of the epoch is the mean of the per-example losses over the epoch, Σ |B| J_B / m, each taken
    before its step. All networks see the same batches.
    """
    _same_architecture(nets)
    eta, epochs = as_real(eta, "eta"), as_positive_int(epochs, "epochs")
    every = epochs if every is None else as_positive_int(every, "every")
    X, Y = _stack_data(nets, X, y, loss)
    m = X.shape[1]
    if batch_size is not None:
        batch_size = as_positive_int(batch_size, "batch_size")
        if batch_size > m:
            raise ValueError(f"batch_size must be at most the number of examples ({m}), got {batch_size}")
        rng = check_rng(rng, "rng (mini-batches are shuffled with it)")
    first = nets[0]
    weights = [np.stack([net.weights[layer] for net in nets]) for layer in range(first.n_layers)]
    biases = [np.stack([net.biases[layer] for net in nets]) for layer in range(first.n_layers)]
    alphas = None
    if first.learns_alpha:  # one α per network and hidden layer, shaped to broadcast against Z
        alphas = [
            np.array([net.alphas[layer] for net in nets])[:, None, None] for layer in range(first.n_hidden)
        ]
    costs = np.empty((len(nets), epochs))
    if callback is not None:
        callback(0, weights, biases)
    for epoch in range(epochs):
        if batch_size is None:
            batches = [slice(None)]  # one step on all m examples
        else:
            order = rng.permutation(m)
            batches = [order[start : start + batch_size] for start in range(0, m, batch_size)]
        epoch_cost = np.zeros(len(nets))
        for rows in batches:
            Xb, Yb = X[:, rows], Y[:, rows]
            Z, caches = network_forward(Xb, weights, biases, first.hidden.name, first.hidden_params, alphas)
            _, J, out_cache = output_forward(Z, Yb, first.output, loss)
            grads, dalphas, _ = network_backward(output_backward(out_cache), caches, alphas is not None)
            weights = [W - eta * dW for W, (dW, _) in zip(weights, grads)]
            biases = [b - eta * db for b, (_, db) in zip(biases, grads)]
            if alphas is not None:
                alphas = [a - eta * da for a, da in zip(alphas, dalphas)]
            epoch_cost = J if batch_size is None else epoch_cost + J * Xb.shape[1] / m
        costs[:, epoch] = epoch_cost
        if callback is not None and ((epoch + 1) % every == 0 or epoch + 1 == epochs):
            callback(epoch + 1, weights, biases)
    for k, net in enumerate(nets):
        net.weights = [W[k].copy() for W in weights]
        net.biases = [b[k].copy() for b in biases]
        if alphas is not None:
            net.alphas = [float(a[k, 0, 0]) for a in alphas]
    return costs
