"""The cold-start yardstick: a FastAPI app behind Mangum with one validated route (never deployed).

devtools/bench/cold_start.py builds it with the same recipe as the layer and times its import next to our functions.
"""

from fastapi import FastAPI
from mangum import Mangum
from pydantic import BaseModel, Field


class Estimate(BaseModel):
    face_value: float = Field(gt=0, le=10_000)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    product_code: str = Field(min_length=1, max_length=64)


app = FastAPI()


@app.post("/v2/order/estimate")
def estimate(body: Estimate) -> Estimate:
    return body


handler = Mangum(app, lifespan="off")
