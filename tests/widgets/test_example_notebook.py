"""The example notebook runs from top to bottom in a real kernel (nbclient), so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "neural-networks-in-a-notebook.ipynb"


def test_example_notebook_runs(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    # Neuron, GradientDescent, two Classifiers, Network, two DigitsPads (softmax, hidden layer)
    assert len(widgets) == 7
    assert "weight 0.15, bias 50.0: error" in text
    assert "training accuracy: 1.0" in text or "training accuracy: 0.9" in text
    assert "650 weights and biases" in text
    assert "[64, 32, 10] 2410 weights and biases" in text  # 64·32 + 32 + 32·10 + 10
