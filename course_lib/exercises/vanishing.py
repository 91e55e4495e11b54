"""Checkers for 07 — vanishing gradients: a prediction (which layer of a deep sigmoid network gets the
smallest gradient), per-layer gradient norms, the first/last-layer ratio, a sigmoid network's
backward pass with a planted bug, fixed (the debugging exercise), and the per-layer statistics of
the forward signal (mean, spread across examples, saturated share)."""

import copy
import functools

import numpy as np

from course_lib import activations, datasets, gradcheck, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    define_prediction,
    describe,
    exercise,
    expect_array,
    hinted,
    matching_hints,
    mistake_values,
)
from course_lib.topics.vanishing import (
    SATURATED,
    activation_spread,
    deep_backward,
    deep_gradients,
    deep_mlp,
    gradient_profile,
    layer_statistics,
    sigmoid_backward,
)

__all__ = [
    "SMALLEST_OPTIONS",
    "buggy_sigmoid_backward",
    "check_first_last_ratio",
    "check_fixed_sigmoid_backward",
    "check_layer_grad_norms",
    "check_layer_statistics",
    "check_smallest_gradient_prediction",
]


# ---------------------------------------------------------------- predict, then run: which layer?
SMALLEST_OPTIONS = ("the first layer", "a middle layer", "the last layer", "all about the same")
SAME_SPREAD = 10.0  # largest / smallest ‖dW_l‖ below this: "all about the same"


@functools.cache
def _notebook_grad_norms() -> tuple[float, ...]:
    """The notebook's reveal: ‖dW_l‖ of a 20-layer sigmoid network (Glorot uniform), one backward pass."""
    rng = np.random.default_rng(0)
    X, y = datasets.circles(64, rng)
    return tuple(gradient_profile(deep_mlp(20, "sigmoid", "Glorot uniform", rng=rng), X, y)[0])


def smallest_gradient_truth(norms) -> str:
    """Which of SMALLEST_OPTIONS a profile of per-layer gradient norms (layer 1 first) shows."""
    norms = np.asarray(norms, dtype=np.float64)
    if norms.max() / norms.min() < SAME_SPREAD:
        return "all about the same"
    k = int(np.argmin(norms))
    return "the first layer" if k == 0 else "the last layer" if k == norms.size - 1 else "a middle layer"


def _smallest_reveal(grad_norms=None) -> tuple[str, str]:
    """The option the per-layer norms show (default: the notebook's 20-layer network), and why."""
    if grad_norms is None:
        norms = np.array(_notebook_grad_norms())
    else:
        try:
            norms = np.asarray(grad_norms, dtype=np.float64)
        except (TypeError, ValueError):
            norms = np.zeros(0)
        if norms.ndim != 1 or norms.size < 2 or not np.all(np.isfinite(norms)) or not np.all(norms > 0):
            raise Feedback(
                f"the second argument is {describe(grad_norms)}; expected the positive norms ‖dW_l‖, one per "
                "layer, layer 1 first (pass grad_norms from the cell above)"
            )
    truth = smallest_gradient_truth(norms)
    why = (
        f"Here ‖dW_1‖ / ‖dW_{norms.size}‖ = {norms[0] / norms[-1]:.1e}. On its way back, every sigmoid layer "
        "multiplies the gradient by σ′ ≤ 0.25 and by its weights (about 1 in size with Glorot)"
    )
    why += ", so the layer next to the input gets the least." if truth == "the first layer" else "."
    return truth, why


check_smallest_gradient_prediction = define_prediction(
    "smallest_gradient_prediction",
    notebook="07",
    options=SMALLEST_OPTIONS,
    reveal=_smallest_reveal,
    doc="Comment on the prediction with the notebook's own per-layer norms; any option completes it.",
)


# ---------------------------------------------------------------- per-layer gradient norms
def _layer_grad_norms(grads):
    """‖dW_l‖ (Frobenius) for every (dW_l, db_l) pair, first layer first."""
    return np.array([np.linalg.norm(dW) for dW, _ in grads])


FLATTENED_HINT = (
    "you computed one norm over all layers together; compute one norm for each (dW, db) pair "
    "and return them together, as an array with one entry per layer."
)


def _flattened(grads):
    """One norm over every layer's dW at once (a scalar)."""
    return np.sqrt(sum(np.sum(dW**2) for dW, _ in grads))


NORM_MISTAKES = (
    Mistake("one norm for all layers", _flattened, FLATTENED_HINT),
    Mistake(
        "included db",
        lambda grads: np.array([np.sqrt(np.sum(dW**2) + np.sum(db**2)) for dW, db in grads]),
        "you included the biases: the norm of layer l is the norm of dW_l alone (use only the first "
        "array of each (dW, db) pair).",
    ),
    Mistake(
        "norm of db",
        lambda grads: np.array([np.linalg.norm(db) for _, db in grads]),
        "you took the norm of db; each pair is (dW, db), and the exercise asks for ‖dW_l‖.",
    ),
    Mistake(
        "squared norm",
        lambda grads: np.array([np.sum(dW**2) for dW, _ in grads]),
        "you returned the squared norm Σ dW²; take its square root (np.linalg.norm does it for you).",
    ),
    Mistake(
        "largest entry",
        lambda grads: np.array([np.abs(dW).max() for dW, _ in grads]),
        "you returned the largest |entry| of dW; the Frobenius norm is √(Σ dW²) over all entries.",
    ),
    Mistake(
        "sum of absolute values",
        lambda grads: np.array([np.abs(dW).sum() for dW, _ in grads]),
        "you returned Σ |dW| (an L1 norm); the Frobenius norm is √(Σ dW²).",
    ),
    Mistake(
        "spectral norm",
        lambda grads: np.array([np.linalg.norm(dW, 2) for dW, _ in grads]),
        "for a matrix, np.linalg.norm(dW, 2) is the largest singular value, not the Frobenius norm; "
        "call np.linalg.norm(dW) without ord (or ord='fro').",
    ),
    Mistake(
        "reversed order",
        lambda grads: np.array([np.linalg.norm(dW) for dW, _ in reversed(grads)]),
        "your norms are in reverse order: index 0 must be layer 1, the layer next to the input "
        "(backprop computes the gradients last to first, but the list is stored first to last).",
    ),
)


def _handmade_grads():
    """Four layers whose norms differ by layer, with non-zero db and unequal entries."""
    gen = np.random.default_rng(7)
    shapes = [(2, 5), (5, 4), (4, 3), (3, 1)]
    scales = [0.05, 0.4, 1.5, 3.0]
    return [
        (s * gen.standard_normal(shape), 0.5 * s * gen.standard_normal(shape[1]))
        for shape, s in zip(shapes, scales)
    ]


def _network_grads():
    """The (dW, db) pairs of one backward pass through a 6-layer sigmoid network (Glorot uniform)."""
    gen = np.random.default_rng(3)
    X, y = datasets.circles(16, gen)
    net = nn.MLP([2, 8, 8, 8, 8, 8, 1], hidden="sigmoid", init="glorot_uniform", rng=gen)
    return net.inspect(X, y, "bce").grads


NORM_CASES = [
    Case((_handmade_grads(),), label="hand-made grads of a 4-layer network"),
    Case((_network_grads(),), label="the grads of a 6-layer sigmoid network"),
    Case(([(np.array([[3.0], [-4.0]]), np.array([12.0]))],), label="grads = [(dW = [[3], [-4]], db = [12])]"),
]

_FLATTENED = [_flattened(case.args[0]) for case in NORM_CASES]


def _one_number_remark(got) -> str | None:
    """For one number (not the all-layers norm, which has its own hint): ask for one per layer."""
    if not isinstance(got, int | float | np.number) or any(np.isclose(got, f) for f in _FLATTENED):
        return None
    return "Return one norm per layer, an array with one entry per (dW, db) pair."


check_layer_grad_norms = define(
    "layer_grad_norms",
    notebook="07",
    reference=_layer_grad_norms,
    cases=lambda: copy.deepcopy(NORM_CASES),  # fresh copies: a function that edits grads spoils nothing
    mistakes=NORM_MISTAKES,
    precise_hints=True,  # one number for all layers (a scalar) still gets its hint
    rtol=1e-6,
    atol=0.0,
    remark=_one_number_remark,
    verified=(
        "returns ‖dW_l‖ (Frobenius norm, weights only) for every layer, layer 1 first: checked on "
        "hand-made gradients, on a 6-layer network's backward pass (norms spanning four orders of magnitude) "
        "and on a 1-layer network."
    ),
    doc="Check ‖dW_l‖ per layer on hand-made gradients, a real backward pass and a 1-layer network.",
)


# ---------------------------------------------------------------- first / last ratio
def _first_last_ratio(norms):
    """‖dW_1‖ / ‖dW_L‖: below 1 the gradient vanishes towards the input, above 1 it explodes."""
    norms = np.asarray(norms, dtype=np.float64)
    return norms[0] / norms[-1]


RATIO_MISTAKES = (
    Mistake(
        "inverted",
        lambda norms: np.asarray(norms)[-1] / np.asarray(norms)[0],
        "you computed last / first; the ratio is the first layer's norm over the last layer's "
        "(small when the gradient vanishes towards the input).",
    ),
    Mistake(
        "difference",
        lambda norms: np.asarray(norms)[0] - np.asarray(norms)[-1],
        "you subtracted; the exercise asks for a ratio.",
    ),
    Mistake(
        "max over min",
        lambda norms: np.max(norms) / np.min(norms),
        "you divided the largest norm by the smallest; use the first layer (norms[0]) and the last "
        "(norms[-1]), whatever their sizes.",
    ),
    Mistake(
        "1-based index",
        lambda norms: np.asarray(norms)[1] / np.asarray(norms)[-1],
        "layer 1 is norms[0] (Python counts from 0); norms[1] is the second layer.",
    ),
)


check_first_last_ratio = define(
    "first_last_ratio",
    notebook="07",
    reference=_first_last_ratio,
    cases=[
        Case((np.array([3e-3, 0.9, 2e-4, 0.6]),)),  # not monotone: max/min and 1-based indexing differ
        Case((np.array([50.0, 4.0, 2.0, 0.5]),)),  # exploding towards the input
        Case((np.array([0.25, 0.125]),)),
        # as tiny as the notebook's 20-layer ratio (~1e-13): a rounded ratio (round(r, 3)) gives 0
        Case((np.array([4.6e-13, 1e-9, 3e-5, 0.2]),)),
    ],
    mistakes=RATIO_MISTAKES,
    rtol=1e-9,
    atol=0.0,
    verified=(
        "returns norms[0] / norms[-1]: 0.005 for a profile that vanishes towards the input, "
        "100 for one that explodes, 2 for a 2-layer network, 2.3e-12 for one as steep as a 20-layer "
        "sigmoid network's."
    ),
    doc="Check norms[0] / norms[-1] on a vanishing, an exploding and a 2-layer profile.",
)


# ---------------------------------------------------------------- debug: a backward pass with a bug
_sigmoid = activations.get("sigmoid")


def _backward_with(rule, *, per_m: bool = True, reverse: bool = True, z_above: bool = False):
    """sigmoid_backward with dZ_l = rule(dA_l, Z_l, A_l) for the hidden layers (and three switches;
    ``z_above``: the rule gets Z_(l+1), the pre-activation of the layer above, instead of Z_l)."""

    def backward(weights, biases, X, y):
        A, inputs, zs = np.asarray(X, dtype=np.float64), [], []
        for W, b in zip(weights, biases):
            inputs.append(A)
            zs.append(A @ W + b)
            A = _sigmoid(zs[-1])
        dZ = A - np.asarray(y, dtype=np.float64).reshape(-1, 1)
        dZ = dZ / A.shape[0] if per_m else dZ
        grads = []
        for layer in range(len(weights) - 1, -1, -1):
            grads.append((inputs[layer].T @ dZ, dZ.sum(axis=0)))
            if layer > 0:
                dZ = rule(dZ @ weights[layer].T, zs[layer if z_above else layer - 1], inputs[layer])
        return grads[::-1] if reverse else grads

    return backward


def buggy_sigmoid_backward(weights, biases, X, y):
    """The notebook's buggy backward pass, line for line (the bug is the exercise)."""
    return _backward_with(lambda dA, Z, A: dA * _sigmoid.grad(A))(weights, biases, X, y)


_FIX_HINTS = {
    "still the bug": (
        "the last layer is right and every layer below it is a little off, as in the buggy version: "
        "compare each factor of the line that computes the next error signal "
        "with the δ recursion of Section 3."
    ),
    "derivative dropped": (
        "the layers below the last are far too large: going down, the error signal is multiplied by the "
        "activation's derivative at every hidden layer, not only by the weights."
    ),
    "no 1/m": (
        "every layer is m times too large (m = number of examples): J is the mean loss, so the output "
        "layer's error signal carries a factor 1/m."
    ),
    "derivative one layer up": (
        "you took σ′ at the pre-activation of the layer above: the new error signal belongs to the layer "
        "below the weights you just multiplied by, so σ′ must be taken at that lower layer's own Z "
        "(mind the index: zs[0] is layer 1)."
    ),
    "last layer first": (
        "your list is in backprop order, last layer first; return it with layer 1 first (index 0 = the "
        "layer next to the input)."
    ),
}
FIX_MISTAKES = (
    Mistake("still the bug", buggy_sigmoid_backward, _FIX_HINTS["still the bug"]),
    Mistake("derivative dropped", _backward_with(lambda dA, Z, A: dA), _FIX_HINTS["derivative dropped"]),
    Mistake(
        "no 1/m",
        _backward_with(lambda dA, Z, A: dA * _sigmoid.grad(Z), per_m=False),
        _FIX_HINTS["no 1/m"],
    ),
    Mistake(
        "derivative one layer up",
        _backward_with(lambda dA, Z, A: dA * _sigmoid.grad(Z), z_above=True),
        _FIX_HINTS["derivative one layer up"],
    ),
    Mistake(
        "last layer first",
        _backward_with(lambda dA, Z, A: dA * _sigmoid.grad(Z), reverse=False),
        _FIX_HINTS["last layer first"],
    ),
)

_FORBID = {
    nn.MLP: "nn.MLP",
    nn.network_backward: "nn.network_backward",
    gradient_profile: "gradient_profile",
    gradcheck.mlp_numerical_gradients: "gradcheck.mlp_numerical_gradients",
    # the reference itself, and the deep-network backprop the notebook's first cell imports
    sigmoid_backward: "sigmoid_backward",
    deep_gradients: "deep_gradients",
    deep_backward: "deep_backward",
}


def _fix_cases() -> list[Case]:
    """Four networks: the notebook's shape, one hidden layer with one example, no hidden layer, deep."""
    gen = np.random.default_rng(71)
    cases = []
    for depth, width, m in ((4, 5, 8), (2, 3, 1), (1, 1, 5), (7, 6, 12)):
        X, y = datasets.circles(max(m, 2), gen)
        X, y = X[:m], y[:m]
        net = deep_mlp(depth, "sigmoid", "Glorot uniform", 1.5, rng=gen, width=width)
        sizes = [net.weights[0].shape[0], *(W.shape[1] for W in net.weights)]
        cases.append(Case((net.weights, net.biases, X, y), label=f"network {sizes}, X of shape {X.shape}, y"))
    return cases


FIX_CASES = _fix_cases()


def _same(got, expected) -> bool:
    try:
        return len(got) == len(expected) and all(
            np.shape(g) == np.shape(e) and np.allclose(g, e, rtol=1e-6, atol=1e-12)
            for pair, ref in zip(got, expected)
            for g, e in zip(pair, ref)
        )
    except (TypeError, ValueError):
        return False


def _as_pairs(got, what: str, L: int):
    if got is None:
        raise Feedback(
            f"{what} returned None, expected a list of {L} pairs (dW, db). Did you forget `return`?"
        )
    if not isinstance(got, list | tuple) or len(got) != L:
        raise Feedback(
            f"{what} returned {describe(got)}, expected a list of {L} pairs (dW_l, db_l), one per layer."
        )
    for layer, pair in enumerate(got, 1):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise Feedback(f"{what} returned {describe(pair)} for layer {layer}, expected a pair (dW, db).")
    return got


def _norm(a) -> str:
    return describe(float(np.linalg.norm(a)), 4)


def _first_wrong_layer(got, expected, what: str, hints: list[str]) -> None:
    """Feedback on the first wrong gradient in backprop order (from the output layer down)."""
    L = len(expected)
    for layer in range(L, 0, -1):
        for k, name in ((0, "dW"), (1, "db")):
            wanted, label = expected[layer - 1][k], f"{name}_{layer}"
            mine = np.asarray(got[layer - 1][k]) if not isinstance(got[layer - 1][k], list) else None
            if hints and (mine is None or mine.shape != wanted.shape):
                shape = "a list" if mine is None else f"shape {mine.shape}"
                hint = " Or: ".join(hints)
                raise Feedback(
                    f"{what} returned {label} of {shape}, expected shape {wanted.shape}. Hint: {hint}"
                )
            mine = expect_array(got[layer - 1][k], wanted.shape, f"{what}, {label},")
            if np.allclose(mine, wanted, rtol=1e-6, atol=1e-12):
                continue
            if layer == L:
                where = " (the last layer, where backprop starts)"
            else:
                above = f"layer {L} is" if layer == L - 1 else f"layers {layer + 1} to {L} are"
                times = np.linalg.norm(mine) / np.linalg.norm(wanted)
                where = f" ({times:.3g} times the right size; {above} right)"
            raise hinted(
                f"{what} returned {label} with norm {_norm(mine)}, expected {_norm(wanted)}{where}.", hints
            )


@exercise(
    "fixed_sigmoid_backward",
    notebook="07",
    reference=sigmoid_backward,
    mistakes=FIX_MISTAKES,
    cases=FIX_CASES,
)
def check_fixed_sigmoid_backward(fixed_sigmoid_backward) -> str:
    """Every dW_l, db_l against the correct backward pass, on four sigmoid networks; no library backprop."""
    for case in FIX_CASES:
        what = f"fixed_sigmoid_backward({case.label})"
        got = call(fixed_sigmoid_backward, *case.args, unchanged=True, forbid=_FORBID)
        got = _as_pairs(got, what, len(case.args[0]))
        expected = sigmoid_backward(*case.args)
        if not _same(got, expected):
            hints = matching_hints(got, mistake_values(FIX_MISTAKES, *case.args), same=_same)
            _first_wrong_layer(got, expected, what, hints)
    return (
        "every dW_l and db_l matches backpropagation (and central differences) on four sigmoid networks, "
        "from no hidden layer to six, with 1 to 12 examples, without the library's backward pass."
    )


# ---------------------------------------------------------------- per-layer statistics of the forward signal
def _statistics_with(
    of: str = "A",
    axis: int | None = 0,
    layers: slice = slice(None, -1),
    fed_forward: bool = True,
    ddof: int = 0,
):
    """layer_statistics with one slip: the statistics of ``of`` ("A" or "Z"), the spread as the std
    over ``axis`` (None: all entries), the rows of ``layers`` of all L layers, or every layer from X."""

    def statistics(weights, biases, X):
        X = np.asarray(X, dtype=np.float64)
        A, rows = X, []
        for W, b in zip(weights, biases):
            Z = (A if fed_forward else X) @ W + b
            A = _sigmoid(Z)
            V = A if of == "A" else Z
            spread = V.std(ddof=ddof) if axis is None else V.std(axis=axis, ddof=ddof).mean()
            rows.append([V.mean(), spread, np.mean((V < SATURATED) | (V > 1 - SATURATED))])
        return np.array(rows[layers], dtype=np.float64).reshape(-1, 3)

    return statistics


STATISTICS_MISTAKES = (
    Mistake(
        "std over the units",
        _statistics_with(axis=1),
        "your spread (column 1) measures how much the units of one example differ from each other; "
        "the spread is how much each unit varies across the examples, the std down each column of A_l, "
        "then averaged over the units.",
    ),
    Mistake(
        "statistics of Z",
        _statistics_with(of="Z"),
        "your numbers describe the pre-activations Z_l = A_(l-1) W_l + b_l; take every statistic of "
        "the layer's output A_l = σ(Z_l), the values between 0 and 1 that the next layer receives.",
    ),
    Mistake(
        "output layer in, first hidden layer out",
        _statistics_with(layers=slice(1, None)),
        "your rows are shifted by one layer: row 0 must be hidden layer 1 (the first output σ(X W_1 + b_1)), "
        "and the last pair (W_L, b_L) is the output layer, which gets no row.",
    ),
    Mistake(
        "every layer from X",
        _statistics_with(fed_forward=False),
        "each of your layers starts from X again: layer l's input is the previous layer's output "
        "A_(l-1), so keep the result of one layer and feed it to the next.",
    ),
    Mistake(
        "sample std (ddof=1)",
        _statistics_with(ddof=1),
        "your spread (column 1) divides by m − 1 (ddof=1, the sample std); measure it as activation_spread "
        "does, with NumPy's default std (ddof=0), which divides by m.",
    ),
    Mistake(
        "std over all entries",
        _statistics_with(axis=None),
        "your spread (column 1) is one std over all entries of A_l, which also counts how much the units "
        "differ from each other; take the std of each unit over the examples, then average over the units.",
    ),
)


def _statistics_net(sizes, sigma: float, seed: int, m: int, bias: float = 0.5):
    """Weights N(0, σ²), biases N(0, bias²), and X ~ N(0, 1) of shape (m, sizes[0]), from ``seed``."""
    gen = np.random.default_rng(seed)
    weights = [sigma * gen.standard_normal((n_in, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [bias * gen.standard_normal(n_out) for n_out in sizes[1:]]
    return weights, biases, gen.standard_normal((m, sizes[0]))


def _statistics_cases() -> list[Case]:
    """Square layers first (so the unfed version runs too), then the notebook's kind of network."""
    gen = np.random.default_rng(72)
    X, _ = datasets.circles(16, gen)
    glorot = deep_mlp(6, "sigmoid", "Glorot uniform", rng=gen, width=8)
    return [
        Case(_statistics_net([4, 4, 4, 4, 1], 2.0, 7, 6), label="network [4, 4, 4, 4, 1], X of shape (6, 4)"),
        Case((glorot.weights, glorot.biases, X), label="6 layers of width 8 (Glorot), X of shape (16, 2)"),
        Case(_statistics_net([3, 5, 1], 3.0, 8, 5), label="network [3, 5, 1] (one hidden layer), X (5, 3)"),
        Case(_statistics_net([2, 6, 6, 6, 2], 4.0, 9, 10), label="network [2, 6, 6, 6, 2], large weights"),
    ]


check_layer_statistics = define(
    "layer_statistics",
    notebook="07",
    reference=layer_statistics,
    cases=_statistics_cases,  # built on each check: a function that edits its inputs spoils nothing
    mistakes=STATISTICS_MISTAKES,
    unchanged=True,
    forbid={
        layer_statistics: "layer_statistics",
        activation_spread: "activation_spread",
        nn.MLP: "nn.MLP",
        nn.network_forward: "nn.network_forward",
    },
    verified=(
        "one row [mean, spread across examples, saturated share] per sigmoid hidden layer, fed forward, "
        "output layer left out, inputs unchanged: checked on four networks, one to three hidden layers, "
        "from Glorot weights to saturating ones."
    ),
    doc="Check the per-layer statistics on four sigmoid networks; inputs unchanged, no library shortcut.",
)
