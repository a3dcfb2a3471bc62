"""Lead pictures drawn rather than downloaded, for the demo archive and generated archives.

Pillow only, no Django: the archive generator of `trendwatch.scale` uses it outside a site.
"""

import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

TREND_COLOURS = {
    "ruling-elite": (94, 62, 130),
    "society-parties": (36, 110, 140),
    "security": (70, 86, 60),
    "belarus-west": (40, 80, 150),
    "belarus-russia": (150, 60, 50),
}


def draw_picture(seed, trend_slug, size=(1200, 675)):
    """An abstract lead picture: a trend-coloured field with a few seeded shapes, as JPEG bytes."""
    rng = random.Random(seed)
    base = TREND_COLOURS.get(trend_slug, (80, 80, 80))
    picture = PILImage.new("RGB", size, base)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for step in range(height):
        shade = int(40 * step / height)
        draw.line([(0, step), (width, step)], fill=tuple(max(0, c - shade) for c in base))
    for _shape in range(rng.randint(5, 9)):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randint(40, 260)
        tint = tuple(min(255, c + rng.randint(30, 110)) for c in base)
        if rng.random() < 0.5:
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tint, width=rng.randint(3, 12))
        else:
            draw.rectangle([x - radius, y - radius // 2, x + radius, y + radius // 2], fill=tint)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
