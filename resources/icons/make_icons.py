"""Draws the application icon (防 on a red rounded square) as fangpin.png and a multi-size fangpin.ico.

Run again after changing the design: `.venv/bin/python resources/icons/make_icons.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "wqy-microhei.ttc"
SIZE = 512
RED = (196, 30, 36, 255)
GOLD = (255, 214, 102, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    margin = size // 32
    canvas.rounded_rectangle((margin, margin, size - margin, size - margin), radius=size // 6, fill=RED)
    canvas.rounded_rectangle((size // 10, size // 10, size - size // 10, size - size // 10), radius=size // 9,
                             outline=GOLD, width=max(2, size // 40))
    font = ImageFont.truetype(str(FONT), int(size * 0.58))
    canvas.text((size / 2, size / 2), "防", font=font, fill=GOLD, anchor="mm")
    return image


def main() -> None:
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(HERE / "fangpin.png", optimize=True)
    image.save(HERE / "fangpin.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
