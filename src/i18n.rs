//! Every UI string, in Dutch (default) and English. Adding a string means adding it to
//! both languages: the compiler checks that none is missing.

/// The interface language; Dutch first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    /// `taal=en` in the query string switches to English.
    pub fn from_query(query: &str) -> Lang {
        let english = query.trim_start_matches('?').split('&').any(|pair| pair == "taal=en" || pair == "lang=en");
        if english { Lang::En } else { Lang::Nl }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
}

/// All strings of the interface.
pub struct Texts {
    pub title: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub map_label: &'static str,
    pub layer_heading: &'static str,
    pub gemeenten: &'static str,
    pub waterschappen: &'static str,
    pub provincies: &'static str,
    pub provincie_borders: &'static str,
    pub unavailable: &'static str,
    pub waterschappen_unavailable: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub reset_view: &'static str,
    pub close: &'static str,
    pub kind_gemeente: &'static str,
    pub kind_waterschap: &'static str,
    pub kind_provincie: &'static str,
    pub code: &'static str,
    pub provincie: &'static str,
    pub none_found: &'static str,
    pub map_help: &'static str,
    pub detail_failed: &'static str,
    pub dataset_failed: &'static str,
    pub verbanden_heading: &'static str,
    pub no_verbanden: &'static str,
    pub filters_heading: &'static str,
    pub themes_label: &'static str,
    pub legal_forms_label: &'static str,
    pub search_verbanden: &'static str,
    pub search_region: &'static str,
    pub reset_filters: &'static str,
    pub count_suffix: &'static str,
    pub view_map: &'static str,
    pub view_list: &'static str,
    pub purpose: &'static str,
    pub legal_form: &'static str,
    pub members: &'static str,
    pub other_partners: &'static str,
    pub website: &'static str,
    pub seat: &'static str,
    pub since: &'static str,
    pub phase: &'static str,
    pub sources: &'static str,
    pub checked: &'static str,
    pub shared_legend: &'static str,
    pub members_legend: &'static str,
    pub download_csv: &'static str,
    pub print: &'static str,
    pub cursor_hint: &'static str,
    pub selected_word: &'static str,
    pub focus_label: &'static str,
    pub focus_all: &'static str,
    pub members_filter_label: &'static str,
    pub filter_on_member: &'static str,
    pub remove: &'static str,
    pub wheel_hint: &'static str,
    pub touch_hint: &'static str,
    pub view_links: &'static str,
    pub view_table: &'static str,
    pub views_label: &'static str,
    pub show_more: &'static str,
    pub of_word: &'static str,
    pub shown_word: &'static str,
    pub table_caption: &'static str,
    pub name: &'static str,
    pub verbanden_column: &'static str,
    pub shared_with: &'static str,
    pub download_table: &'static str,
    pub export_svg: &'static str,
    pub export_png: &'static str,
    pub participation_legend: &'static str,
    pub links_legend: &'static str,
    pub links_shown: &'static str,
    pub until: &'static str,
}

pub const NL: Texts = Texts {
    title: "Kaartviewer samenwerkingsverbanden",
    switch_language: "English",
    switch_language_label: "Switch to English",
    loading: "Kaart laden…",
    load_failed: "De kaart kon niet worden geladen.",
    retry: "Opnieuw proberen",
    map_label: "Kaart van Nederland",
    layer_heading: "Kaartlaag",
    gemeenten: "Gemeenten",
    waterschappen: "Waterschappen",
    provincies: "Provincies",
    provincie_borders: "Provinciegrenzen tonen",
    unavailable: "niet beschikbaar",
    waterschappen_unavailable: "Waterschapsgrenzen zijn nog niet beschikbaar in deze viewer.",
    zoom_in: "Inzoomen",
    zoom_out: "Uitzoomen",
    reset_view: "Hele kaart tonen",
    close: "Sluiten",
    kind_gemeente: "Gemeente",
    kind_waterschap: "Waterschap",
    kind_provincie: "Provincie",
    code: "Code",
    provincie: "Provincie",
    none_found: "geen gevonden",
    map_help: "Pijltjestoetsen gaan naar een buurgebied, Enter kiest het, Escape wist de keuze. Shift + pijltjes of slepen schuift de kaart, + en − zoomen.",
    detail_failed: "Meer detail kon niet worden geladen; de kaart toont de landelijke versie.",
    dataset_failed: "De gegevens over samenwerkingsverbanden konden niet worden geladen; de kaart werkt wel.",
    verbanden_heading: "Samenwerkingsverbanden",
    no_verbanden: "Geen samenwerkingsverbanden die aan de filters voldoen.",
    filters_heading: "Filters",
    themes_label: "Thema",
    legal_forms_label: "Juridische vorm",
    search_verbanden: "Zoek in verbanden",
    search_region: "Zoek een gemeente, waterschap of provincie",
    reset_filters: "Filters wissen",
    count_suffix: "samenwerkingsverbanden",
    view_map: "Kaart",
    view_list: "Verbanden",
    purpose: "Doel",
    legal_form: "Juridische vorm",
    members: "Deelnemers",
    other_partners: "Andere partners",
    website: "Website",
    seat: "Vestigingsplaats",
    since: "Sinds",
    phase: "Fase",
    sources: "Bronnen",
    checked: "Gecontroleerd op",
    shared_legend: "Aantal gedeelde verbanden met",
    members_legend: "Deelnemers van het geselecteerde verband",
    download_csv: "Lijst downloaden (CSV)",
    print: "Afdrukken",
    cursor_hint: "Enter om te kiezen",
    selected_word: "gekozen",
    focus_label: "Provincie",
    focus_all: "Heel Nederland",
    members_filter_label: "Verbanden met al deze deelnemers",
    filter_on_member: "Alleen verbanden met",
    remove: "verwijderen",
    wheel_hint: "Gebruik Ctrl + scrollen (⌘ op een Mac) om te zoomen",
    touch_hint: "Gebruik twee vingers om de kaart te bewegen",
    view_links: "Verbindingen",
    view_table: "Gebieden",
    views_label: "Weergave",
    show_more: "Meer tonen",
    of_word: "van",
    shown_word: "getoond",
    table_caption: "Aantal samenwerkingsverbanden per gebied, volgens de filters. Kies een naam voor de verbanden die het met andere gebieden deelt.",
    name: "Naam",
    verbanden_column: "Verbanden",
    shared_with: "Gedeeld met",
    download_table: "Tabel downloaden (CSV)",
    export_svg: "Kaart downloaden als SVG",
    export_png: "Kaart downloaden als PNG",
    participation_legend: "Aantal verbanden per gemeente",
    links_legend: "Lijndikte: gedeelde verbanden tussen twee gemeenten",
    links_shown: "sterkste verbindingen getoond",
    until: "tot",
};

pub const EN: Texts = Texts {
    title: "Map of intergovernmental cooperation",
    switch_language: "Nederlands",
    switch_language_label: "Wissel naar Nederlands",
    loading: "Loading map…",
    load_failed: "The map could not be loaded.",
    retry: "Try again",
    map_label: "Map of the Netherlands",
    layer_heading: "Map layer",
    gemeenten: "Municipalities",
    waterschappen: "Water boards",
    provincies: "Provinces",
    provincie_borders: "Show province borders",
    unavailable: "not available",
    waterschappen_unavailable: "Water board boundaries are not yet available in this viewer.",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    reset_view: "Show whole map",
    close: "Close",
    kind_gemeente: "Municipality (gemeente)",
    kind_waterschap: "Water board (waterschap)",
    kind_provincie: "Province (provincie)",
    code: "Code",
    provincie: "Province",
    none_found: "none found",
    map_help: "Arrow keys move to a neighbouring area, Enter selects it, Escape clears. Shift + arrows or dragging pans the map, + and − zoom.",
    detail_failed: "More detail could not be loaded; the map shows the national version.",
    dataset_failed: "The partnership data could not be loaded; the map still works.",
    verbanden_heading: "Partnerships",
    no_verbanden: "No partnerships match the filters.",
    filters_heading: "Filters",
    themes_label: "Theme",
    legal_forms_label: "Legal form",
    search_verbanden: "Search partnerships",
    search_region: "Find a municipality, water board or province",
    reset_filters: "Clear filters",
    count_suffix: "partnerships",
    view_map: "Map",
    view_list: "Partnerships",
    purpose: "Purpose",
    legal_form: "Legal form",
    members: "Members",
    other_partners: "Other partners",
    website: "Website",
    seat: "Seat",
    since: "Since",
    phase: "Phase",
    sources: "Sources",
    checked: "Checked on",
    shared_legend: "Number of partnerships shared with",
    members_legend: "Members of the selected partnership",
    download_csv: "Download list (CSV)",
    print: "Print",
    cursor_hint: "Enter to select",
    selected_word: "selected",
    focus_label: "Province",
    focus_all: "All of the Netherlands",
    members_filter_label: "Partnerships with all of these members",
    filter_on_member: "Only partnerships with",
    remove: "remove",
    wheel_hint: "Use Ctrl + scroll (⌘ on a Mac) to zoom",
    touch_hint: "Use two fingers to move the map",
    view_links: "Links",
    view_table: "Regions",
    views_label: "View",
    show_more: "Show more",
    of_word: "of",
    shown_word: "shown",
    table_caption: "Number of partnerships per region, following the filters. Choose a name to see the partnerships it shares with other regions.",
    name: "Name",
    verbanden_column: "Partnerships",
    shared_with: "Shared with",
    download_table: "Download table (CSV)",
    export_svg: "Download map as SVG",
    export_png: "Download map as PNG",
    participation_legend: "Partnerships per municipality",
    links_legend: "Line width: partnerships shared by two municipalities",
    links_shown: "strongest links shown",
    until: "until",
};

impl Texts {
    /// The label of a vocabulary term in this language.
    pub fn term(&self, vocabulary: &[kaartviewer_core::vocabulary::Term], id: &str) -> String {
        let english = std::ptr::eq(self, &EN);
        kaartviewer_core::vocabulary::find(vocabulary, id)
            .map(|t| if english { t.en } else { t.nl })
            .unwrap_or(id)
            .to_string()
    }

    pub fn kind(&self, kind: kaartviewer_core::region::RegionKind) -> &'static str {
        use kaartviewer_core::region::RegionKind::*;
        match kind {
            Gemeente => self.kind_gemeente,
            Waterschap => self.kind_waterschap,
            Provincie => self.kind_provincie,
        }
    }

    pub fn layer_name(&self, kind: kaartviewer_core::region::RegionKind) -> &'static str {
        use kaartviewer_core::region::RegionKind::*;
        match kind {
            Gemeente => self.gemeenten,
            Waterschap => self.waterschappen,
            Provincie => self.provincies,
        }
    }
}
