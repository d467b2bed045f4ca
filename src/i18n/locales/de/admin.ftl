# Verwaltungsseiten: die Liste der Serien, eine Serie hinzufügen, eine Serie, ihre Folgen und Foren bearbeiten.
admin-add-show-heading = Serie hinzufügen
admin-slug = Kennung
admin-synopsis = Inhalt
admin-add-show = Serie hinzufügen
admin-edit-show = { $show } bearbeiten
admin-show-heading = Serie
admin-spoiler-delay = Spoiler-Verzögerung (Tage nach der Erstausstrahlung, nach denen eine Folge in Ländern ohne eigenes Datum als ausgestrahlt gilt; leer = nie)
admin-save-show = Serie speichern
admin-episode-heading = Folge hinzufügen oder aktualisieren
admin-code = Code
admin-code-example = s01e05
admin-runtime = Laufzeit (Minuten)
admin-air-dates = Sendetermine, einer pro Zeile
admin-region-example = DE
admin-save-episode = Folge speichern
admin-edit-episode = bearbeiten
admin-name = Name
admin-description = Beschreibung
admin-add-board = Forum hinzufügen
