"""Checkers for 09 — dying ReLU: the fraction of dead units in one layer and in every hidden layer of
a network, PReLU's ∂J/∂α, ELU's derivative from its output."""

import numpy as np

from course_lib import activations, datasets, nn
from course_lib.exercises._core import Case, Mistake, define, forbidding_calls
from course_lib.topics import dying_relu as topic
from course_lib.topics.dying_relu import dead_fractions, dead_units_per_layer, prelu_alpha_grad, small_net

__all__ = [
    "check_dead_fraction",
    "check_dead_units_per_layer",
    "check_elu_grad_from_output",
    "check_prelu_alpha_grad",
]


def _dead_fraction(Z) -> float:
    """Fraction of units (columns) whose pre-activation is ≤ 0 on every example (row)."""
    return float(np.mean(np.all(np.asarray(Z, dtype=np.float64) <= 0, axis=0)))


PER_UNIT_HINT = (
    "you returned one value per unit (is it dead?); the exercise asks for one number, "
    "the fraction of dead units: average those values with np.mean."
)

MISTAKES = (
    Mistake(
        "fraction of entries",
        lambda Z: np.mean(np.asarray(Z) <= 0),
        "you returned the fraction of *entries* Z[i, j] ≤ 0 (how often a unit is off on one example); "
        "a unit is dead only if its whole column is ≤ 0: first decide, for each unit, whether that holds "
        "on every example, then average over the units.",
    ),
    Mistake(
        "strict inequality",
        lambda Z: np.mean(np.all(np.asarray(Z) < 0, axis=0)),
        "you used z < 0; at z = 0 ReLU's output is 0 and its derivative is 0 too, so a unit with "
        "z ≤ 0 on every example is dead: use <= 0.",
    ),
    Mistake(
        "counted alive units",
        lambda Z: np.mean(np.any(np.asarray(Z) > 0, axis=0)),
        "you returned the fraction of units that are *alive* (z > 0 on at least one example); "
        "the exercise asks for the dead ones, which is 1 minus that.",
    ),
    Mistake(
        "rows instead of columns",
        lambda Z: np.mean(np.all(np.asarray(Z) <= 0, axis=1)),
        "you checked the rows (axis=1); rows are examples and columns are units, so check each "
        "column, over all examples: which axis runs over the examples?",
    ),
    Mistake(
        "any instead of all",
        lambda Z: np.mean(np.any(np.asarray(Z) <= 0, axis=0)),
        "you counted units that are off on *at least one* example (np.any); dead means off on "
        "*every* example: use np.all.",
    ),
    Mistake(
        "count instead of fraction",
        lambda Z: np.sum(np.all(np.asarray(Z) <= 0, axis=0)),
        "you returned the number of dead units; divide by the number of units (or use np.mean) "
        "to get a fraction.",
    ),
    Mistake(
        "divided by the number of examples",
        lambda Z: np.sum(np.all(np.asarray(Z) <= 0, axis=0)) / np.asarray(Z).shape[0],
        "you divided the number of dead units by the number of examples (rows); the fraction is out of "
        "the n units (columns).",
    ),
    Mistake(
        "percent",
        lambda Z: 100 * np.mean(np.all(np.asarray(Z) <= 0, axis=0)),
        "you returned a percentage; return a fraction between 0 and 1.",
    ),
    Mistake(
        "one flag per unit",
        lambda Z: np.all(np.asarray(Z) <= 0, axis=0),
        PER_UNIT_HINT,
    ),
    Mistake(
        "one 0/1 value per unit", lambda Z: np.all(np.asarray(Z) <= 0, axis=0).astype(float), PER_UNIT_HINT
    ),
)


def _handmade():
    """6 examples × 5 units. Unit 0: all < 0 (dead); unit 1: zeros and negatives (dead, because
    ReLU′(0) = 0); unit 2: all > 0; unit 3: mixed; unit 4: one positive entry. Row 5 is ≤ 0
    everywhere (an example on which every unit is off)."""
    return np.array(
        [
            [-1.0, 0.0, 2.0, 0.5, -0.3],
            [-0.2, -1.5, 0.1, -2.0, -1.0],
            [-3.0, 0.0, 1.0, 1.5, 0.2],
            [-0.5, -0.1, 0.3, -0.4, -2.0],
            [-2.0, 0.0, 4.0, 0.8, -0.6],
            [-1.0, -0.7, 0.0, -1.0, -0.1],
        ]
    )


def _network_layer():
    """Layer 3 of a 4-hidden-layer ReLU net with hidden biases −0.5 on 40 points: tall and mixed."""
    gen = np.random.default_rng(5)
    X = gen.standard_normal((40, 3))
    net = nn.MLP([3, 12, 12, 12, 12, 1], hidden="relu", init="he_normal", rng=gen, bias=-0.5)
    return net.forward_pass(X).zs[2]


def _dead_cases():
    network = _network_layer()
    return [
        Case((_handmade(),), label="Z of shape (6, 5), with exact zeros"),
        Case((network,), label=f"Z of shape {network.shape} from layer 3 of a ReLU network"),
        Case((np.array([[0.0, -1.0, 3.0]]),), label="Z = [[0, -1, 3]] (one example)"),
        Case((np.full((4, 2), 0.5),), label="Z of shape (4, 2), all 0.5"),
    ]


check_dead_fraction = define(
    "dead_fraction",
    notebook="09",
    reference=_dead_fraction,
    cases=_dead_cases,  # built on each check: a real network's layer
    mistakes=MISTAKES,
    precise_hints=True,  # a per-unit array gets its hint
    # the notebook's first cell imports dead_units: `dead_units(Z).mean()` is the exercise done for you
    forbid={
        topic.dead_units: "dead_units",
        topic.dead_fraction: "dead_fraction",
        topic.unit_activity: "unit_activity",
        dead_fractions: "dead_fractions",
        dead_units_per_layer: "dead_units_per_layer",
    },
    verified=(
        "counts a unit (column) as dead when z ≤ 0 on every example (row), zeros included, and "
        "returns the fraction of such units: 0.4 on the hand-made layer, right on a network's layer, "
        "a single example and a layer with no dead unit, without the library's dead_units."
    ),
    doc="Check on a hand-made 6×5 layer (with exact zeros), a real network layer and two edge cases.",
)


# ---------------------------------------------------------------- dead units in every hidden layer
def _per_layer(rule, fed_forward: bool = True, output: bool = False):
    """dead_units_per_layer with ``rule(Z)`` as a layer's number, every layer computed from X, or
    the ``output`` layer counted too (one number more)."""

    def fractions(weights, biases, X):
        X = np.asarray(X, dtype=np.float64)
        A, out = X, []
        last = len(weights) if output else -1
        for W, b in zip(weights[:last], biases[:last]):
            Z = (A if fed_forward else X) @ W + b
            out.append(rule(Z))
            A = np.maximum(Z, 0.0)
        return np.array(out, dtype=np.float64)

    return fractions


PER_LAYER_MISTAKES = (
    Mistake(
        "strict inequality",
        _per_layer(lambda Z: np.mean(np.all(Z < 0, axis=0))),
        "you used z < 0; a unit whose z is exactly 0 on every example (zero weights and bias, or inputs "
        "that are all 0) outputs 0 with ReLU′(0) = 0, so it is dead too: the test is z ≤ 0.",
    ),
    Mistake(
        "off on any example",
        _per_layer(lambda Z: np.mean(np.any(Z <= 0, axis=0))),
        "you counted units that are off on at least one example; dead means off on every example of X.",
    ),
    Mistake(
        "fraction of entries",
        _per_layer(lambda Z: np.mean(Z <= 0)),
        "you returned the share of (example, unit) pairs that are off, ordinary ReLU sparsity; decide for "
        "each unit whether it is off on every example, then average over the units.",
    ),
    Mistake(
        "every layer from X",
        _per_layer(lambda Z: np.mean(np.all(Z <= 0, axis=0)), fed_forward=False),
        "each of your layers starts from X again: layer l's input is the previous layer's output "
        "A_(l-1) = ReLU(Z_(l-1)), so keep it from one layer to the next.",
    ),
    Mistake(
        "over examples instead of units",
        _per_layer(lambda Z: np.mean(np.all(Z <= 0, axis=1))),
        "you counted examples on which every unit is off; the fraction is over the units (columns of "
        "Z_l): which axis of Z_l runs over the examples?",
    ),
    Mistake(
        "output layer counted",
        _per_layer(lambda Z: np.mean(np.all(Z <= 0, axis=0)), output=True),
        "you returned one number per layer, the output layer included; the last pair (W_L, b_L) is the "
        "output layer, which is not a ReLU layer: one number per hidden layer.",
    ),
)


def _square_net(seed: int = 0, width: int = 5, m: int = 6, bias: float = -0.3):
    """[width] * 4 + [1], He-like weights, hidden biases ``bias``; unit 0 of layer 1 has zero weights
    and zero bias (z = 0 on every example), and X has ``width`` columns so every layer is square."""
    gen = np.random.default_rng(seed)
    sizes = [width] * 4 + [1]
    weights = [gen.normal(0.0, np.sqrt(2.0 / a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [np.full(b, bias) for b in sizes[1:]]
    weights[0][:, 0], biases[0][0] = 0.0, 0.0
    return weights, biases, gen.standard_normal((m, width))


def _per_layer_cases() -> list[Case]:
    X, _ = datasets.spirals(60, np.random.default_rng(91))
    cases = [
        Case(_square_net(), label="network [5, 5, 5, 5, 1] with a zero unit in layer 1, X of shape (6, 5)")
    ]
    for bias, seed in ((-1.0, 1), (0.0, 2)):
        net = small_net("relu", bias=bias, seed=seed)
        cases.append(
            Case(
                (net.weights, net.biases, X),
                label=f"network [2, 32, 32, 32, 1], hidden biases {bias:g}, X (60, 2)",
            )
        )
    gen = np.random.default_rng(93)
    sizes = [3, 4, 4, 4, 4, 4, 1]
    deep = nn.MLP(sizes, hidden="relu", init="normal", rng=gen)
    cases.append(
        Case(
            (deep.weights, deep.biases, gen.standard_normal((8, 3))),
            label="network [3, 4, 4, 4, 4, 4, 1], X (8, 3)",
        )
    )
    return cases


check_dead_units_per_layer = define(
    "dead_units_per_layer",
    notebook="09",
    reference=dead_units_per_layer,
    cases=_per_layer_cases,  # built on each check: a function that edits its inputs spoils nothing
    mistakes=PER_LAYER_MISTAKES,
    unchanged=True,
    precise_hints=True,  # the output layer counted (one number more) gets its hint from the shape
    forbid={
        dead_fractions: "dead_fractions",
        dead_units_per_layer: "dead_units_per_layer",
        nn.MLP: "nn.MLP",
        nn.network_forward: "nn.network_forward",
    },
    verified=(
        "the fraction of units with z ≤ 0 on every example, for each hidden layer in turn, fed forward "
        "through ReLU, the output layer left out, inputs unchanged: checked on four networks, exact zeros "
        "included."
    ),
    doc="Check the dead fraction per hidden layer on four ReLU networks (one with a unit stuck at z = 0).",
)


# ---------------------------------------------------------------- prelu_alpha_grad
ALPHA_MISTAKES = (
    Mistake(
        "max instead of min",
        lambda dA, Z: np.sum(dA * np.maximum(Z, 0.0)),
        "you used the positive side of z; α only multiplies z where z < 0 (f(z) = αz there, z itself "
        "elsewhere), so ∂f/∂α is z on the negative side and 0 on the positive side.",
    ),
    Mistake(
        "forgot to sum",
        lambda dA, Z: dA * np.minimum(Z, 0.0),
        "you returned one value per entry (i, j); the layer has a single α shared by all its units and "
        "examples, so its gradient adds up the contributions of every entry: one number.",
    ),
    Mistake(
        "summed per unit",
        lambda dA, Z: np.sum(dA * np.minimum(Z, 0.0), axis=0),
        "you returned one value per unit (summed over the examples only); here all units of the layer "
        "share one α, so add up over the units too: one number.",
    ),
    Mistake(
        "counted z >= 0",
        lambda dA, Z: np.sum(dA * Z),
        "your sum also counts the entries with z ≥ 0; there PReLU is f(z) = z, which does not depend "
        "on α, so those entries contribute 0 to ∂J/∂α.",
    ),
)

_ALPHA_FORBID = {
    nn.prelu_backward: "nn.prelu_backward",
    prelu_alpha_grad: "prelu_alpha_grad",
    activations.get("prelu").dparams["alpha"]: "the library's ∂f/∂α",
}


def _alpha_cases():
    """(label, dA, Z): exact zeros, a real PReLU layer, all-positive, one example, dA < 0."""
    Z = np.array([[-1.0, 0.0, 2.0, -0.5], [0.5, -2.0, 0.0, 1.5], [-0.25, 3.0, -1.0, 0.0]])
    dA = np.array([[0.3, -1.2, 0.7, 0.5], [-0.4, 0.6, 2.0, -0.9], [1.1, -0.8, -0.3, 0.25]])
    yield "dA, Z of shape (3, 4), Z with exact zeros", dA, Z
    gen = np.random.default_rng(9)
    net = nn.MLP([2, 16, 16, 1], hidden="prelu", init="he_normal", rng=gen, bias=-0.3)
    X = gen.standard_normal((50, 2))
    insp = net.inspect(X, (X[:, 0] * X[:, 1] > 0).astype(float))
    Z2 = insp.zs[1]
    dA2 = insp.dzs[1] / np.where(Z2 > 0, 1.0, net.alphas[1])  # ∂J/∂A of layer 2, from ∂J/∂Z
    yield "dA, Z of layer 2 of a PReLU network, shape (50, 16)", dA2, Z2
    yield "Z > 0 everywhere, shape (2, 3)", np.ones((2, 3)), np.full((2, 3), 0.5)
    yield "one example, Z = [[-3, 4]], dA = [[-2, -1]]", np.array([[-2.0, -1.0]]), np.array([[-3.0, 4.0]])


check_prelu_alpha_grad = define(
    "prelu_alpha_grad",
    notebook="09",
    reference=prelu_alpha_grad,  # = nn.prelu_backward's ∂J/∂α (the tests check it)
    cases=lambda: [Case((dA, Z), label=label) for label, dA, Z in _alpha_cases()],
    mistakes=ALPHA_MISTAKES,
    unchanged=True,
    forbid=_ALPHA_FORBID,
    precise_hints=True,  # one value per entry or per unit gets its hint
    verified=(
        "∂J/∂α = Σ dA ⊙ min(0, Z) matches nn.prelu_backward on a hand-made layer with exact zeros, a "
        "PReLU network's layer, an all-positive layer (0) and a single example: one number per layer."
    ),
    doc="One number Σ dA ⊙ min(0, Z), compared with nn.prelu_backward on four layers.",
)


# ---------------------------------------------------------------- elu_grad_from_output
_elu = activations.get("elu")

ELU_MISTAKES = (
    Mistake(
        "exp of the output",
        lambda a, alpha: alpha * np.exp(a),
        "you wrote α·e^a: the derivative is α·e^z, with z, not the output a = α(e^z − 1). Solve that "
        "for α·e^z and write it with a and α only.",
    ),
    Mistake(
        "f minus alpha",
        lambda a, alpha: a - alpha,
        "check the sign: a = α(e^z − 1) = α·e^z − α, so α·e^z is a plus, not minus, something; your "
        "result is negative, but ELU is increasing.",
    ),
    Mistake(
        "forgot alpha",
        lambda a, alpha: a + 1,
        "right for α = 1 only: a = α(e^z − 1) = α·e^z − α, so the constant you add back is α, not 1.",
    ),
)


def _elu_grad_from_output(a, alpha):
    """ELU'(z) for z < 0, from the output a = ELU(z) = α(e^z − 1): α e^z = a + α."""
    return np.asarray(a, dtype=np.float64) + alpha


def _elu_cases():
    z = -np.geomspace(1e-3, 30.0, 200)  # 200 points with z < 0, from -0.001 to -30
    for alpha in (1.0, 0.5, 2.0, 1.6732632423543772):
        yield Case(
            (_elu(z, alpha=alpha), alpha),
            label=f"a = ELU(z) at 200 points z in [-30, -0.001], alpha={alpha:g}",
        )
    z = np.array([[-0.1, -1.0, -2.0], [-5.0, -0.5, -10.0]])
    yield Case((_elu(z, alpha=0.3), 0.3), label="a = ELU(z) of shape (2, 3), alpha=0.3")


check_elu_grad_from_output = define(
    "elu_grad_from_output",
    notebook="09",
    reference=_elu_grad_from_output,
    cases=list(_elu_cases()),
    mistakes=ELU_MISTAKES,
    unchanged=True,
    atol=1e-12,  # α e^z is below 1e-12 at z = −30
    precise_hints=True,  # a wrong array of 200 values names its furthest entry
    verified=(
        "from the output a alone you get ELU'(z) = α e^z for z < 0: right at 200 points z in [-30, -0.001] "
        "for α = 1, 0.5, 2 and SELU's 1.6733, and on a 2-D array (shape kept)."
    ),
    doc="Compare with α e^z at many z < 0 and several α, given only a = ELU(z).",
)
# the derivative written from a, not the library's ELU' evaluated at z recovered from a
check_elu_grad_from_output = forbidding_calls(check_elu_grad_from_output, {_elu.df: "elu.grad"})
