"""Sections 1–5 in a real browser: numbers on screen come from the real server."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def open_guide(page: Page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]
    expect(page.locator("#train").get_by_label("Error", exact=True)).not_to_be_empty()


def error_value(page: Page, section: str) -> float:
    text = page.locator(f"#{section}").get_by_label("Error", exact=True).inner_text()
    return float(text.replace(",", "").replace("−", "-"))


def test_intro_shows_180_per_sqft_and_360k(page: Page, screenshot) -> None:
    open_guide(page)
    intro = page.locator("#intro")
    expect(intro).to_contain_text("$180.01 per square foot")
    expect(intro).to_contain_text("2,000 sq ft × $180 = $360,000")
    expect(intro.locator("[data-slot=weight-k]")).to_have_text("0.180")
    screenshot(page, "section-1-intro", "#intro")


def test_error_section_reproduces_the_table(page: Page, screenshot) -> None:
    open_guide(page)
    table = page.locator("#error table.data")
    for value in ["379", "288", "432", "449", "1,756", "3,969", "2,058"]:
        expect(table).to_contain_text(value)
    expect(page.locator("#error [data-slot=nobias]")).to_contain_text("2,016.7")
    expect(page.locator("#error [data-slot=nobias]")).to_contain_text("0.17689")
    screenshot(page, "section-2-error", "#error")


def test_sliders_weight_018_bias_0_give_2058(page: Page, screenshot) -> None:
    open_guide(page)
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill("0.18")
    train.get_by_label("Bias", exact=True).fill("0")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    cells = train.locator("td.prediction")
    expect(cells).to_have_text(["379", "288", "432"])
    screenshot(page, "section-3-train", "#train")


def test_getting_below_799_changes_the_message(page: Page) -> None:
    open_guide(page)
    train = page.locator("#train")
    message = train.locator(".message")
    train.get_by_label("Weight", exact=True).fill("0.18")
    train.get_by_label("Bias", exact=True).fill("0")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    before = message.inner_text()
    train.get_by_label("Weight", exact=True).fill("0.06")
    train.get_by_label("Bias", exact=True).fill("245")
    expect(message).not_to_have_text(before)
    assert error_value(page, "train") < 799
    expect(message).to_contain_text(re.compile("below|best possible"))


def test_far_off_teases(page: Page) -> None:
    open_guide(page)
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill("0.4")
    train.get_by_label("Bias", exact=True).fill("460")
    expect(train.locator(".message")).to_contain_text("nowhere near")


def test_best_possible_reveal(page: Page) -> None:
    open_guide(page)
    train = page.locator("#train")
    train.get_by_role("button", name="Show the best possible").click()
    expect(train).to_contain_text("447.29")
    expect(train.get_by_label("Error", exact=True)).to_have_text("447")


def test_keyboard_moves_a_slider(page: Page) -> None:
    open_guide(page)
    train = page.locator("#train")
    weight = train.get_by_label("Weight", exact=True)
    weight.fill("0.18")
    train.get_by_label("Bias", exact=True).fill("0")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    weight.focus()
    page.keyboard.press("ArrowRight")
    expect(train.get_by_label("Error", exact=True)).not_to_have_text("2,058")
    assert weight.input_value() == "0.181"


def test_url_round_trip_restores_sliders(page: Page) -> None:
    open_guide(page)
    train = page.locator("#train")
    train.get_by_label("Weight", exact=True).fill("0.18")
    train.get_by_label("Bias", exact=True).fill("0")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    page.wait_for_url(re.compile(r"w=0\.18.*b=0"))
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    train = page.locator("#train")
    expect(train.get_by_label("Error", exact=True)).to_have_text("2,058")
    assert train.get_by_label("Weight", exact=True).input_value() == "0.18"
    assert train.get_by_label("Bias", exact=True).input_value() == "0"


def test_url_values_out_of_range_are_not_used_and_say_so(page: Page) -> None:
    open_guide(page, "?w=NaN&b=1e99")
    train = page.locator("#train")
    assert train.get_by_label("Weight", exact=True).input_value() == "0.15"
    assert train.get_by_label("Bias", exact=True).input_value() == "50"
    note = train.locator(".state-note")
    expect(note).to_contain_text("Weight (w): “NaN” is not a number from 0 to 0.4.")
    expect(note).to_contain_text("Bias (b): “1e99” is not a number from 0 to 460.")


def test_100_gd_steps_lower_the_error_and_move_the_map_point(page: Page, screenshot) -> None:
    open_guide(page)
    gd = page.locator("#gd")
    expect(gd.get_by_label("Error", exact=True)).to_have_text("134,972")
    dot = gd.get_by_test_id("map-current")
    before = (dot.get_attribute("cx"), dot.get_attribute("cy"))
    gd.get_by_role("button", name="100 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", "100")
    assert error_value(page, "gd") < 799
    after = (dot.get_attribute("cx"), dot.get_attribute("cy"))
    assert after != before
    expect(gd).to_contain_text("Below 799 after 2 steps")
    screenshot(page, "section-4-gd", "#gd")


def test_standardize_toggle_uses_one_rate(page: Page) -> None:
    open_guide(page)
    gd = page.locator("#gd")
    gd.get_by_label("Standardize inputs").check()
    expect(gd.get_by_label("Weight learning rate")).to_be_hidden()
    expect(gd.get_by_label("Learning rate, one input", exact=True)).to_have_value("0.1")
    gd.get_by_role("button", name="100 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", "100")
    assert abs(error_value(page, "gd") - 447) <= 1
    expect(gd.locator("[data-slot=compare]")).to_contain_text("1,088")


def test_divergent_rate_shows_message_and_reset_recovers(page: Page) -> None:
    open_guide(page)
    gd = page.locator("#gd")
    rate = gd.get_by_label("Learning rate, one input", exact=True)
    rate.fill("1")
    rate.press("Enter")
    gd.get_by_role("button", name="100 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-diverged", "true")
    expect(gd.locator(".message").first).to_contain_text("Diverged")
    assert "NaN" not in gd.inner_text()
    gd.get_by_role("button", name="Reset").click()
    expect(gd.get_by_label("Error", exact=True)).to_have_text("134,972")


def test_two_inputs_gd_and_optimum(page: Page, screenshot) -> None:
    open_guide(page)
    two = page.locator("#two")
    expect(two.get_by_label("Weight 1")).to_be_visible()
    expect(two.get_by_label("Weight 2")).to_be_visible()
    start = error_value(page, "two")
    two.get_by_role("button", name="100 GD steps, two inputs", exact=True).click()
    expect(two.get_by_label("Error", exact=True)).not_to_have_text(f"{start:,.0f}")
    assert error_value(page, "two") < start
    two.get_by_role("button", name="Show the best possible").click()
    expect(two).to_contain_text("1,406.05")
    expect(two.get_by_label("Error", exact=True)).to_have_text("1,406")
    screenshot(page, "section-5-two", "#two")


def test_phone_width_has_no_horizontal_scroll(browser, server_url, screenshot) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server_url)
    expect(page.locator("#train").get_by_label("Error", exact=True)).not_to_be_empty()
    expect(page.locator("#gd").get_by_label("Error", exact=True)).not_to_be_empty()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "phone-width")
    context.close()
    assert overflow <= 0


def test_intro_calculator_answers_while_typing(page: Page) -> None:
    open_guide(page)
    box = page.locator("#intro").get_by_label("Area (sq ft)")
    box.press("End")  # a text box (it takes "2 000,5" too): the caret goes after the 2000
    box.press_sequentially("5", delay=20)  # 20005 sq ft, without leaving the box
    expect(page.locator("#intro")).to_contain_text("20,005 sq ft × $180 = $3,600,900")


def test_log_axis_labels_only_powers_of_ten(page: Page) -> None:
    open_guide(page)
    gd = page.locator("#gd")
    gd.get_by_role("button", name="100 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", "100")
    labels = gd.locator("[data-slot=log] .axis text").all_text_contents()
    y_labels = [
        t for t in labels if t.replace(",", "").isdigit() and int(t.replace(",", "")) >= 1000
    ]
    assert y_labels and all(t.replace(",", "").rstrip("0") == "1" for t in y_labels)


def test_gd_point_round_trips_through_the_url(page: Page) -> None:
    open_guide(page)
    gd = page.locator("#gd")
    gd.get_by_role("button", name="10 GD steps, one input", exact=True).click()
    expect(gd).to_have_attribute("data-steps", "10")
    shown = gd.get_by_label("Error", exact=True).inner_text()
    page.wait_for_url(re.compile(r"gs=10"))
    page.goto(page.url)
    gd = page.locator("#gd")
    expect(gd.get_by_label("Error", exact=True)).to_have_text(shown)
