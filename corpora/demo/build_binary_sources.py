"""Build the two binary demo sources deterministically.

Writes sources/debrief-2026-03-18.docx (python-docx) and
sources/stewarding-plan-2026-10-24.pdf (fpdf2, two pages). Run with:

    /work/main/.venv/bin/python corpora/demo/build_binary_sources.py

Running it twice gives byte-identical files: document dates are fixed and the
.docx zip entries get a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

# --------------------------------------------------------------------------
# Match debrief (.docx)
# --------------------------------------------------------------------------

DEBRIEF_TITLE = "Post-match debrief: Eastmoor Rovers v Harrowgate Town, 14 March 2026"
DEBRIEF_AUTHOR = "Westmarch Constabulary (Chief Inspector Dana Okafor)"
DEBRIEF_DATE = dt.datetime(2026, 3, 18, 10, 0, 0)

DEBRIEF = [
    ("h", DEBRIEF_TITLE),
    ("p", "Debrief held at Eastmoor police station on Wednesday 18 March 2026. Chaired by "
          "Chief Inspector Dana Okafor, match commander. Present: PC Liam Hart (dedicated "
          "football officer), Alan Pryce (Eastmoor Rovers safety officer), Ruth Ellison "
          "(head of stewarding, Northgate Event Services) and Gemma Riley (Harrowgate Town "
          "supporters' liaison officer)."),
    ("h2", "Summary of the day"),
    ("p", "About 900 Harrowgate Town supporters attended the fixture at Kelder Park on "
          "Saturday 14 March 2026."),
    ("p", "The match kicked off at 15:00 and finished 1-1."),
    ("p", "No arrests were made at Kelder Park on 14 March."),
    ("p", "One supporter was ejected from the Foundry End after setting off a smoke device."),
    ("p", "Around 150 away supporters used The Lamplighter on Canal Street before the match "
          "without incident, and the pub worked well as the designated away pub."),
    ("h2", "What worked"),
    ("p", "Coach arrivals at the Mill Lane coach park were staggered, which kept queues at the "
          "Foundry End turnstiles short. Gemma Riley gave accurate advance information on "
          "coach numbers and arrival times, and was present at the coach park throughout."),
    ("p", "Stewarding in the Foundry End, with 38 stewards from Northgate Event Services, was "
          "judged proportionate by all partners."),
    ("h2", "What to improve"),
    ("p", "Searches at the Foundry End did not find the smoke device. Ruth Ellison will brief "
          "search stewards on concealment methods before the next high-profile fixture."),
    ("p", "Radio contact between the police control room and the club control room dropped "
          "twice during the second half. Alan Pryce will have the repeater checked."),
    ("h2", "Actions for the return fixture"),
    ("p", "The return fixture at Kelder Park is expected in the autumn. Partners agreed to "
          "use the same arrangements: The Lamplighter as the designated away pub, coaches to "
          "Mill Lane and a short hold of away supporters after the final whistle."),
]


def build_docx(path: Path) -> None:
    document = docx.Document()
    for kind, text in DEBRIEF:
        if kind == "h":
            document.add_heading(text, level=1)
        elif kind == "h2":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    props = document.core_properties
    props.title = DEBRIEF_TITLE
    props.author = DEBRIEF_AUTHOR
    props.last_modified_by = DEBRIEF_AUTHOR
    props.created = DEBRIEF_DATE
    props.modified = DEBRIEF_DATE
    props.last_printed = DEBRIEF_DATE
    props.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    # Re-pack with a fixed timestamp so the file is byte-identical on every run.
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 3, 18, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# Stewarding plan (.pdf, two pages)
# --------------------------------------------------------------------------

PLAN_TITLE = "Stewarding and safety plan: Eastmoor Rovers v Harrowgate Town, 24 October 2026"
PLAN_AUTHOR = "Eastmoor Rovers FC (Alan Pryce, safety officer)"
PLAN_DATE = dt.datetime(2026, 10, 20, 9, 0, 0, tzinfo=dt.timezone.utc)

PAGE_1 = [
    ("h", "Eastmoor Rovers FC - Stewarding and safety plan"),
    ("h2", "1. Fixture"),
    ("p", "Eastmoor Rovers will host Harrowgate Town at Kelder Park on Saturday 24 October 2026."),
    ("p", "Kick-off at Kelder Park is at 12:30, with turnstiles opening at 11:00."),
    ("p", "The fixture has been designated high risk following consultation with Westmarch "
          "Constabulary. The police match commander is Chief Inspector Dana Okafor."),
    ("p", "Expected attendance is about 15,500, including the away allocation of 1,850 in the "
          "Foundry End."),
    ("h2", "2. Stewarding deployment"),
    ("p", "A total of 210 stewards will be on duty, supplied by Northgate Event Services under "
          "the head of stewarding, Ruth Ellison."),
    ("p", "45 stewards will be deployed in and around the Foundry End, including a dedicated "
          "search team of 12 at the away turnstiles."),
    ("p", "Response teams of six stewards each will be positioned at the segregation line "
          "between the Foundry End and the East Stand."),
]

PAGE_2 = [
    ("h2", "3. Searches and prohibited items"),
    ("p", "All away supporters will be searched at the Foundry End turnstiles. Pyrotechnics, "
          "glass and large bags are prohibited. Anyone found with a pyrotechnic will be "
          "refused entry and handed to police."),
    ("p", "Alcohol will not be sold on the Foundry End concourse."),
    ("h2", "4. Away supporters before the match"),
    ("p", "The Lamplighter on Canal Street will again be the designated away pub and will "
          "open to away supporters at 10:00. Four stewards will be posted on Canal Street to "
          "direct supporters to the ground."),
    ("p", "Official coaches will use the Mill Lane coach park, which opens at 10:30."),
    ("h2", "5. Egress"),
    ("p", "Away supporters will be held in the Foundry End for up to 15 minutes after the "
          "final whistle, on the instruction of the police match commander."),
    ("p", "Stewards will then direct coach passengers to Mill Lane and rail passengers towards "
          "Eastmoor station."),
    ("h2", "6. Command and control"),
    ("p", "The safety officer, Alan Pryce, will be in the club control room with the police "
          "match commander from 09:30. Radio checks will take place at 10:00."),
]


def _write_blocks(pdf: FPDF, blocks: list[tuple[str, str]]) -> None:
    for kind, text in blocks:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif kind == "h2":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)


def build_pdf(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(PLAN_TITLE)
    pdf.set_author(PLAN_AUTHOR)
    pdf.set_creator("build_binary_sources.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(PLAN_DATE)
    pdf.add_page()
    _write_blocks(pdf, PAGE_1)
    pdf.add_page()
    _write_blocks(pdf, PAGE_2)
    path.write_bytes(bytes(pdf.output()))


def main() -> None:
    SOURCES.mkdir(parents=True, exist_ok=True)
    build_docx(SOURCES / "debrief-2026-03-18.docx")
    build_pdf(SOURCES / "stewarding-plan-2026-10-24.pdf")


if __name__ == "__main__":
    main()
