-- Facts read by OCR from a page image: how sure the figure is, and where it stands on the page.
-- confidence is OCR's lowest character confidence in the figure (NULL for a text layer);
-- needs_review marks a figure read with low confidence or in a row that does not add up: it is
-- kept out of progress series and alerts until confirmed; review_reason says why. box_* is the
-- figure's box on the page image in PDF points (x0, top, x1, bottom), for a crop.
ALTER TABLE facts ADD COLUMN confidence DOUBLE;
ALTER TABLE facts ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE facts ADD COLUMN review_reason VARCHAR;
ALTER TABLE facts ADD COLUMN box_x0 DOUBLE;
ALTER TABLE facts ADD COLUMN box_top DOUBLE;
ALTER TABLE facts ADD COLUMN box_x1 DOUBLE;
ALTER TABLE facts ADD COLUMN box_bottom DOUBLE;
