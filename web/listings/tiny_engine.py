# Reverse-mode autodiff in under forty lines: the page's engine with only + and *, and a recursive search for the
# order (fine for small graphs; the page's engine counts instead, so a graph can be any depth).


class Value:
    def __init__(self, data, parents=(), locals_=()):
        self.data = data
        self.grad = 0.0
        self.parents = parents  # the Values this one was computed from
        self.locals = locals_  # d(self)/d(parent) for each parent, known now

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def backward(self):
        order, seen = [], set()

        def visit(v):  # v goes into order after everything it was computed from
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)

        visit(self)
        self.grad = 1.0  # dL/dL
        for v in reversed(order):  # every node that uses v comes first, so v.grad is complete here
            for p, local in zip(v.parents, v.locals):
                p.grad += local * v.grad  # add: p may feed more than one node


a, b, d = Value(2.0), Value(3.0), Value(4.0)
L = (a * b + a) * d
L.backward()
print("L =", L.data)
print("dL/da =", a.grad, " dL/db =", b.grad, " dL/dd =", d.grad)
