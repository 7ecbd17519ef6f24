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
    /// With `{data}` and `{map}` for the two boundary years.
    pub years_differ_template: &'static str,
    pub configurations_legend: &'static str,
    pub view_overlap: &'static str,
    pub overlap_heading: &'static str,
    pub overlap_intro: &'static str,
    pub threshold_label: &'static str,
    pub near_duplicates_heading: &'static str,
    pub no_pairs: &'static str,
    pub pairs_incomplete: &'static str,
    pub and_more_template: &'static str,
    pub overlap_column: &'static str,
    pub shared_members: &'static str,
    pub differences: &'static str,
    pub only_in: &'static str,
    pub matrix_heading: &'static str,
    pub matrix_too_large: &'static str,
    pub configurations_heading: &'static str,
    pub configurations_intro: &'static str,
    pub no_configurations: &'static str,
    pub member_count: &'static str,
    pub most_configurations_heading: &'static str,
    pub configurations_column: &'static str,
    pub cross_border_heading: &'static str,
    pub no_cross_border: &'static str,
    pub provinces: &'static str,
    pub profile_heading: &'static str,
    pub count_column: &'static str,
    pub province_median: &'static str,
    pub national_median: &'static str,
    pub top_partners: &'static str,
    pub theme_column: &'static str,
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
    pub origin: &'static str,
    pub origin_register: &'static str,
    pub origin_division: &'static str,
    pub origin_curated: &'static str,
    pub ended_on: &'static str,
    pub ended_notice: &'static str,
    pub former_members: &'static str,
    pub time_heading: &'static str,
    pub time_year_label: &'static str,
    pub time_date_label: &'static str,
    pub time_today: &'static str,
    pub time_now_short: &'static str,
    pub time_showing: &'static str,
    pub time_caveat: &'static str,
    pub not_yet_started: &'static str,
    pub not_on_map_on_day: &'static str,
    pub later_members: &'static str,
    pub changes_heading: &'static str,
    pub changes_from: &'static str,
    pub changes_to: &'static str,
    pub changes_joined: &'static str,
    pub changes_left: &'static str,
    pub no_changes: &'static str,
    pub chart_heading: &'static str,
    pub chart_caption: &'static str,
    pub col_date: &'static str,
    pub col_verbanden: &'static str,
    pub col_memberships: &'static str,
    pub timeline_heading: &'static str,
    pub event_started: &'static str,
    pub event_joined: &'static str,
    pub event_left: &'static str,
    pub event_ended: &'static str,
    pub event_new_version: &'static str,
    pub register_record: &'static str,
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
    detail_failed: "Een deel van de kaart kon niet worden geladen; de kaart toont wat wel geladen is.",
    dataset_failed: "De gegevens over samenwerkingsverbanden konden niet worden geladen; de kaart werkt wel.",
    // A soft hyphen (U+00AD): in the sidebar's width the word otherwise broke as "Samenwerkingsverban / den".
    verbanden_heading: "Samenwerkings\u{ad}verbanden",
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
    years_differ_template: "De gegevens over samenwerkingsverbanden gaan uit van de gemeentegrenzen van {data}; de kaart toont die van {map}. Gemeenten die in de tussentijd zijn heringedeeld, kunnen ontbreken.",
    configurations_legend: "Aantal verschillende samenstellingen waarin de gemeente zit",
    view_overlap: "Overlap",
    overlap_heading: "Overlap tussen verbanden",
    overlap_intro: "Voor de verbanden die aan de filters voldoen: welke bijna dezelfde deelnemers hebben, welke samenstellingen terugkomen en welke over de provinciegrens gaan.",
    threshold_label: "Minimale overlap (%)",
    near_duplicates_heading: "Bijna dezelfde deelnemers",
    no_pairs: "Geen paren boven de drempel.",
    and_more_template: "en nog {n}",
    pairs_incomplete: "Niet alle paren staan hier: het zoeken is bij de grens van 10.000 paren gestopt. Verfijn de filters of verhoog de drempel.",
    overlap_column: "Overlap",
    shared_members: "Gedeelde deelnemers",
    differences: "Verschil",
    only_in: "alleen in",
    matrix_heading: "Gedeelde deelnemers per paar",
    matrix_too_large: "Kies met de filters ten hoogste 30 verbanden om de matrix te zien.",
    configurations_heading: "Dezelfde samenstelling",
    configurations_intro: "Verbanden met precies dezelfde deelnemers.",
    no_configurations: "Geen verbanden met precies dezelfde deelnemers.",
    member_count: "Deelnemers",
    most_configurations_heading: "Gemeenten in de meeste samenstellingen",
    configurations_column: "Samenstellingen",
    cross_border_heading: "Over de provinciegrens",
    no_cross_border: "Geen verbanden over de provinciegrens.",
    provinces: "Provincies",
    profile_heading: "Profiel van",
    count_column: "Aantal",
    province_median: "Mediaan provincie",
    national_median: "Mediaan Nederland",
    top_partners: "Deelt de meeste verbanden met",
    theme_column: "Thema",
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
    origin: "Herkomst",
    origin_register: "GR-register",
    origin_division: "CBS-gebiedsindeling",
    origin_curated: "Redactie (openbare bronnen)",
    ended_on: "Beëindigd per",
    ended_notice: "Dit verband bestaat niet meer en staat niet op de huidige kaart.",
    former_members: "Vroegere leden",
    time_heading: "Peildatum",
    time_year_label: "Jaar (stand op 1 januari)",
    time_date_label: "Datum",
    time_today: "Vandaag",
    time_now_short: "nu",
    time_showing: "De kaart toont de stand op",
    time_caveat: "Zoals de bronnen zeggen dat het die dag gold.",
    not_yet_started: "Bestond nog niet op",
    not_on_map_on_day: "Dit verband bestond op de peildatum niet meer en staat niet op de kaart.",
    later_members: "Later toegetreden",
    changes_heading: "Veranderingen",
    changes_from: "van",
    changes_to: "tot",
    changes_joined: "Toegetreden",
    changes_left: "Uitgetreden of beëindigd",
    no_changes: "Geen veranderingen.",
    chart_heading: "Verbanden door de jaren",
    chart_caption: "Aantal verbanden en lidmaatschappen op 1 januari van elk jaar, en vandaag",
    col_date: "Datum",
    col_verbanden: "Verbanden",
    col_memberships: "Deelnames",
    timeline_heading: "Tijdlijn",
    event_started: "Begonnen",
    event_joined: "Toegetreden",
    event_left: "Uitgetreden",
    event_ended: "Beëindigd",
    event_new_version: "Nieuwe versie van de regeling",
    register_record: "registerrecord",
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
    detail_failed: "Part of the map could not be loaded; the map shows what did load.",
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
    years_differ_template: "The partnership data use the municipal boundaries of {data}; the map shows those of {map}. Municipalities merged or split in between may be missing.",
    configurations_legend: "Number of distinct member configurations the gemeente is in",
    view_overlap: "Overlap",
    overlap_heading: "Overlap between partnerships",
    overlap_intro: "For the partnerships that pass the filters: which have nearly the same members, which configurations recur and which cross province borders.",
    threshold_label: "Minimum overlap (%)",
    near_duplicates_heading: "Nearly the same members",
    no_pairs: "No pairs above the threshold.",
    and_more_template: "and {n} more",
    pairs_incomplete: "Not every pair is listed: the search stopped at its limit of 10,000 pairs. Narrow the filters or raise the threshold.",
    overlap_column: "Overlap",
    shared_members: "Shared members",
    differences: "Difference",
    only_in: "only in",
    matrix_heading: "Shared members per pair",
    matrix_too_large: "Use the filters to choose at most 30 partnerships to see the matrix.",
    configurations_heading: "The same configuration",
    configurations_intro: "Partnerships with exactly the same members.",
    no_configurations: "No partnerships with exactly the same members.",
    member_count: "Members",
    most_configurations_heading: "Gemeenten in the most configurations",
    configurations_column: "Configurations",
    cross_border_heading: "Across province borders",
    no_cross_border: "No partnerships across province borders.",
    provinces: "Provinces",
    profile_heading: "Profile of",
    count_column: "Count",
    province_median: "Province median",
    national_median: "National median",
    top_partners: "Shares the most partnerships with",
    theme_column: "Theme",
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
    origin: "Origin",
    origin_register: "GR register",
    origin_division: "CBS regional division",
    origin_curated: "Editors (public sources)",
    ended_on: "Ended on",
    ended_notice: "This verband no longer exists and is not on the current map.",
    former_members: "Former members",
    time_heading: "Reference date",
    time_year_label: "Year (as on 1 January)",
    time_date_label: "Date",
    time_today: "Today",
    time_now_short: "now",
    time_showing: "The map shows the state on",
    time_caveat: "As the sources say it was in force that day.",
    not_yet_started: "Did not exist yet on",
    not_on_map_on_day: "This verband no longer existed on the reference date and is not on the map.",
    later_members: "Joined later",
    changes_heading: "Changes",
    changes_from: "from",
    changes_to: "to",
    changes_joined: "Joined",
    changes_left: "Left or ended",
    no_changes: "No changes.",
    chart_heading: "Verbanden through the years",
    chart_caption: "Number of verbanden and memberships on 1 January of each year, and today",
    col_date: "Date",
    col_verbanden: "Verbanden",
    col_memberships: "Memberships",
    timeline_heading: "Timeline",
    event_started: "Started",
    event_joined: "Joined",
    event_left: "Left",
    event_ended: "Ended",
    event_new_version: "New version of the regeling",
    register_record: "register record",
};

impl Texts {
    /// What happened on a verband's timeline.
    pub fn event(&self, kind: kaartviewer_core::history::timeline::EventKind) -> &'static str {
        use kaartviewer_core::history::timeline::EventKind::*;
        match kind {
            Started => self.event_started,
            NewVersion => self.event_new_version,
            Joined => self.event_joined,
            Left => self.event_left,
            Ended => self.event_ended,
        }
    }

    /// The label of a record's origin (herkomst).
    pub fn origin_label(&self, origin: kaartviewer_core::dataset::Origin) -> &'static str {
        match origin {
            kaartviewer_core::dataset::Origin::Register => self.origin_register,
            kaartviewer_core::dataset::Origin::Division => self.origin_division,
            kaartviewer_core::dataset::Origin::Curated => self.origin_curated,
        }
    }

    /// The label of a vocabulary term in this language.
    pub fn term(&self, vocabulary: &[kaartviewer_core::vocabulary::Term], id: &str) -> String {
        let english = std::ptr::eq(self, &EN);
        kaartviewer_core::vocabulary::find(vocabulary, id)
            .map(|t| if english { t.en } else { t.nl })
            .unwrap_or(id)
            .to_string()
    }

    /// The dataset's boundary year differs from the map's.
    pub fn and_more(&self, n: usize) -> String {
        self.and_more_template.replace("{n}", &n.to_string())
    }

    pub fn years_differ(&self, data_year: u16, map_year: u16) -> String {
        self.years_differ_template.replace("{data}", &data_year.to_string()).replace("{map}", &map_year.to_string())
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

/// Defines the editor's strings with the Dutch and English text side by side (one line each,
/// so a translation is never missing or out of step).
macro_rules! editor_texts {
    ($($name:ident: $nl:expr, $en:expr;)*) => {
        /// The strings of the editor and the correction form.
        pub struct EditorTexts { $(pub $name: &'static str,)* }
        pub const EDITOR_NL: EditorTexts = EditorTexts { $($name: $nl,)* };
        pub const EDITOR_EN: EditorTexts = EditorTexts { $($name: $en,)* };
    };
}

editor_texts! {
    view_edit: "Bewerken", "Edit";
    heading: "Bewerken", "Editing";
    checking: "Bezig met controleren…", "Checking…";
    not_in_frame: "Bewerken kan niet in een ingesloten kaart. Open de kaartviewer zelf om te bewerken.", "Editing is not available in an embedded map. Open the viewer itself to edit.";
    no_api: "Op deze website kan niet worden bewerkt: hij wordt zonder server (alleen-lezen) aangeboden.", "This site cannot be edited: it is served without a server (read-only).";
    sections_label: "Onderdelen van de editor", "Editor sections";
    tab_records: "Verbanden", "Partnerships";
    tab_inbox: "Meldingen", "Correction requests";
    tab_accounts: "Accounts", "Accounts";
    sign_in_intro: "Meld u aan als redacteur om verbanden te bewerken en meldingen af te handelen.", "Sign in as an editor to edit partnerships and handle correction requests.";
    username: "Gebruikersnaam", "User name";
    password: "Wachtwoord", "Password";
    role: "Rol", "Role";
    sign_in: "Aanmelden", "Sign in";
    sign_out: "Afmelden", "Sign out";
    signed_in_as: "Aangemeld als", "Signed in as";
    signed_out: "U bent afgemeld.", "You are signed out.";
    credentials_missing: "Vul een gebruikersnaam en een wachtwoord in.", "Enter a user name and a password.";
    wrong_credentials: "Onjuiste gebruikersnaam of wachtwoord.", "Wrong user name or password.";
    rate_limited: "Te veel pogingen.", "Too many attempts.";
    network_error: "Geen verbinding met de server.", "No connection to the server.";
    server_error: "De server gaf een fout.", "The server returned an error.";
    session_expired: "Uw sessie is verlopen: meld u opnieuw aan; uw wijzigingen staan nog in het formulier.", "Your session has expired: sign in again; your changes are still in the form.";
    find_label: "Zoek een verband (naam, id of gemeentecode)", "Find a partnership (name, id or member code)";
    results_label: "Zoekresultaten", "Search results";
    nothing_found: "Niets gevonden.", "Nothing found.";
    ended_word: "beëindigd", "ended";
    new_record: "Nieuw verband", "New partnership";
    record_legend: "Gegevens van het verband", "The partnership's details";
    read_only_notice: "Dit record komt uit een register of gebiedsindeling en is alleen-lezen. Overnemen maakt er bij opslaan een eigen (redactionele) versie van.", "This record comes from a register or regional division and is read-only. Taking it over saves it as a curated record.";
    take_over: "Overnemen om te bewerken", "Take over to edit";
    field_id: "Id (kleine letters, cijfers en streepjes)", "Id (lowercase letters, digits and hyphens)";
    field_name: "Naam", "Name";
    field_description: "Doel", "Purpose";
    themes: "Thema's", "Themes";
    field_legal_form: "Juridische vorm", "Legal form";
    field_members: "Deelnemers", "Members";
    field_other_partners: "Andere partners (niet op de kaart)", "Other partners (not on the map)";
    field_website: "Website", "Website";
    field_seat: "Vestigingsplaats", "Seat";
    field_start_date: "Startdatum (JJJJ, JJJJ-MM of JJJJ-MM-DD)", "Start date (YYYY, YYYY-MM or YYYY-MM-DD)";
    field_end_date: "Einddatum (JJJJ, JJJJ-MM of JJJJ-MM-DD)", "End date (YYYY, YYYY-MM or YYYY-MM-DD)";
    field_phase: "Fase", "Phase";
    field_sources: "Bronnen", "Sources";
    field_checked: "Gecontroleerd op (JJJJ-MM-DD)", "Checked on (YYYY-MM-DD)";
    field_roo_id: "ROO-id (GR-register)", "ROO id (GR register)";
    field_editor_note: "Notitie voor redacteuren", "Note for editors";
    none_chosen: "(geen)", "(none)";
    one_per_line: "Eén per regel.", "One per line.";
    one_url_per_line: "Eén webadres (https://…) per regel.", "One web address (https://…) per line.";
    end_verband: "Beëindig dit verband (einddatum vandaag)", "End this partnership (end date today)";
    pick_on_map: "Kies deelnemers op de kaart", "Choose members on the map";
    stop_picking: "Stop met kiezen op de kaart", "Stop choosing on the map";
    pick_hint: "Of zoek hieronder op naam of code.", "Or search below by name or code.";
    picking_hint: "Klik op een gebied op de kaart om het toe te voegen of te verwijderen.", "Click a region on the map to add or remove it.";
    member_search: "Deelnemer zoeken (naam of code)", "Find a member (name or code)";
    member_word: "Deelnemer", "Member";
    member_role: "Rol", "Role";
    member_start: "Sinds", "Since";
    member_end: "Tot", "Until";
    member_note: "Opmerking", "Note";
    end_membership: "Beëindig lidmaatschap", "End membership";
    remove_member: "Verwijder", "Remove";
    reason: "Reden van de wijziging (verplicht)", "Reason for the change (required)";
    change_sources: "Bronnen van de wijziging (optioneel)", "Sources of the change (optional)";
    save: "Opslaan", "Save";
    close_record: "Sluiten", "Close";
    saved: "Opgeslagen; de openbare kaart toont de wijziging", "Saved; the public map shows the change";
    not_saved: "Niet opgeslagen.", "Not saved.";
    reason_missing: "Geef een reden voor de wijziging.", "Give a reason for the change.";
    fix_problems_first: "Niet opgeslagen: los eerst de gemelde problemen op.", "Not saved: fix the problems listed first.";
    problems_word: "problemen om op te lossen:", "problems to fix:";
    id_taken: "deze id wordt al gebruikt door een ander verband", "this id is already used by another partnership";
    stale: "Niet opgeslagen: iemand anders heeft dit verband intussen gewijzigd. Er is niets overschreven.", "Not saved: someone else changed this partnership in the meantime. Nothing was overwritten.";
    changed_by: "Gewijzigd door", "Changed by";
    their_changes: "Wat de ander veranderde", "What the other editor changed";
    mine_differs: "Uw wijzigingen (nog niet opgeslagen)", "Your changes (not saved yet)";
    take_theirs: "Hun versie laden (uw wijzigingen vervallen)", "Load their version (your changes are dropped)";
    keep_mine: "Uw wijzigingen toepassen op hun versie", "Apply your changes to their version";
    took_theirs: "De nieuwste versie is geladen.", "The latest version is loaded.";
    kept_mine: "Uw wijzigingen staan nu op de nieuwste versie; controleer ze en sla opnieuw op.", "Your changes are now applied to the latest version; check them and save again.";
    history_heading: "Geschiedenis", "History";
    show_history: "Geschiedenis tonen", "Show history";
    hide_history: "Geschiedenis verbergen", "Hide history";
    no_history: "Nog geen wijzigingen opgeslagen.", "No changes saved yet.";
    no_differences: "Geen verschillen.", "No differences.";
    diff_field: "Veld", "Field";
    diff_before: "Was", "Was";
    diff_after: "Wordt", "Becomes";
    reason_word: "Reden", "Reason";
    from_correction: "Naar aanleiding van melding", "In answer to correction request";
    restore: "Deze versie herstellen", "Restore this version";
    restore_reason: "Reden om een eerdere versie te herstellen", "Reason for restoring an earlier version";
    restored: "Hersteld", "Restored";
    inbox_heading: "Meldingen", "Correction requests";
    inbox_empty: "Geen open meldingen.", "No open correction requests.";
    show_handled: "Ook afgehandelde meldingen tonen", "Also show handled requests";
    correction_word: "Melding", "Request";
    subject_verband: "verband", "partnership";
    subject_region: "gebied", "region";
    source_word: "Bron", "Source";
    email_word: "E-mail", "E-mail";
    received_word: "Ontvangen", "Received";
    status_word: "Status", "Status";
    handled_word: "Afgehandeld", "Handled";
    open_word: "open", "open";
    accepted_word: "geaccepteerd", "accepted";
    declined_word: "afgewezen", "declined";
    open_beside: "Openen naast het record en verwerken", "Open beside the record and accept";
    accept_hint: "Pas het record aan en sla op: de melding wordt dan als geaccepteerd gemarkeerd, met uw reden.", "Change the record and save: the request is then marked accepted, with your reason.";
    stop_correction: "Melding niet meer verwerken", "Stop handling this request";
    decline_reason: "Reden om af te wijzen", "Reason for declining";
    decline: "Afwijzen", "Decline";
    decline_reason_missing: "Geef een reden om af te wijzen.", "Give a reason for declining.";
    accounts_heading: "Accounts", "Accounts";
    add_account: "Account toevoegen", "Add account";
    account_added: "Account toegevoegd", "Account added";
    account_removed: "Account verwijderd", "Account removed";
    remove_account: "Verwijderen", "Remove";
    created_word: "Aangemaakt", "Created";
    report_correction: "Meld een correctie", "Report a correction";
    correction_heading: "Correctie melden", "Report a correction";
    correction_what: "Wat klopt er niet?", "What is wrong?";
    correction_source: "Bron (webadres, optioneel)", "Source (web address, optional)";
    correction_email: "Uw e-mailadres (optioneel, voor vragen)", "Your e-mail address (optional, for questions)";
    correction_privacy: "Uw melding wordt alleen door redacteuren gelezen en niet gepubliceerd.", "Your request is read by editors only and never published.";
    correction_send: "Versturen", "Send";
    cancel: "Annuleren", "Cancel";
    correction_thanks: "Bedankt, uw melding is ontvangen met nummer", "Thank you, your request was received as number";
    correction_thanks_more: "Een redacteur bekijkt hem.", "An editor will look at it.";
    correction_message_missing: "Beschrijf wat er niet klopt.", "Describe what is wrong.";
    correction_too_large: "Uw melding is te lang (ten hoogste 2000 tekens).", "Your request is too long (at most 2000 characters).";
    correction_bad_source: "De bron moet een webadres zijn dat begint met https:// of http://.", "The source must be a web address starting with https:// or http://.";
    correction_bad_email: "Dit is geen geldig e-mailadres.", "This is not a valid e-mail address.";
    correction_rate_limited: "U heeft kort na elkaar te veel meldingen verstuurd.", "You sent too many requests in a short time.";
    correction_network: "De melding kon niet worden verstuurd: geen verbinding. Probeer het later opnieuw.", "The request could not be sent: no connection. Please try again later.";
    correction_no_api: "Op deze website kunnen geen correcties worden gemeld (hij wordt zonder server aangeboden).", "Corrections cannot be reported on this site (it is served without a server).";
    correction_unavailable: "Correcties melden kan hier niet: deze website wordt zonder server aangeboden.", "Reporting corrections is not available here: this site is served without a server.";
}

impl EditorTexts {
    /// "Probeer het over 30 seconden opnieuw."
    pub fn try_again_after(&self, seconds: &str) -> String {
        if std::ptr::eq(self, &EDITOR_EN) {
            format!("Try again in {seconds} seconds.")
        } else {
            format!("Probeer het over {seconds} seconden opnieuw.")
        }
    }

    /// The label of a record field (or a member's field) by its name in the data.
    pub fn field_label(&self, field: &str) -> String {
        let label = match field {
            "id" => self.field_id,
            "name" => self.field_name,
            "description" => self.field_description,
            "themes" => self.themes,
            "legal_form" => self.field_legal_form,
            "members" => self.field_members,
            "other_partners" => self.field_other_partners,
            "website" => self.field_website,
            "seat" => self.field_seat,
            "start_date" => self.field_start_date,
            "end_date" => self.field_end_date,
            "phase" => self.field_phase,
            "sources" => self.field_sources,
            "checked" => self.field_checked,
            "roo_id" => self.field_roo_id,
            "editor_note" => self.field_editor_note,
            "role" => self.member_role,
            "note" => self.member_note,
            // Set by the build (origin, division, versions): named as in the data.
            other => return other.to_string(),
        };
        label.to_string()
    }
}

impl Lang {
    pub fn editor(self) -> &'static EditorTexts {
        match self {
            Lang::Nl => &EDITOR_NL,
            Lang::En => &EDITOR_EN,
        }
    }
}
