"""Request dependencies, as `Annotated` aliases so that route signatures read as words."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from backend.database import get_engine, transaction


def read_session() -> Iterator[Session]:
    with transaction(get_engine(), write=False) as session:
        yield session


def write_session() -> Iterator[Session]:
    with transaction(get_engine(), write=True) as session:
        yield session


# scope="function": the transaction ends (commits) before the response is sent, so a
# client that gets 200 can rely on the change being stored.
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]
WriteSessionDep = Annotated[Session, Depends(write_session, scope="function")]
