-- One-kanji name search (林, 森, 誠): exact family / given name, each with its own index.
CREATE INDEX "customers_family_kanji_idx" ON "customers" USING btree (split_part(translate("name_kanji", '　', ' '), ' ', 1));--> statement-breakpoint
CREATE INDEX "customers_given_kanji_idx" ON "customers" USING btree (split_part(translate("name_kanji", '　', ' '), ' ', 2));