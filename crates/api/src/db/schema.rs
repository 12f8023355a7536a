//! Diesel table definitions, the same for SQLite and PostgreSQL (the
//! migrations of each backend create these columns with matching types).

diesel::table! {
    units (code) {
        code -> Text,
        parent_code -> Nullable<Text>,
        level -> Text,
        name -> Text,
        active -> Bool,
    }
}

diesel::table! {
    categories (code) {
        code -> Text,
        name -> Text,
        weight -> Double,
        t1 -> Double,
        t2 -> Double,
        t3 -> Double,
        evidence_required -> Bool,
    }
}

diesel::table! {
    channels (code) {
        code -> Text,
        name -> Text,
        kind -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        password_hash -> Text,
        full_name -> Text,
        role -> Text,
        unit_code -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        token_version -> BigInt,
        must_change_password -> Bool,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
    }
}

diesel::table! {
    digest_slots (slot) {
        slot -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        channel_code -> Text,
        label -> Text,
        key_hash -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reports (number) {
        number -> BigInt,
        channel_code -> Text,
        channel_ref -> Nullable<Text>,
        reporter_name -> Nullable<Text>,
        reporter_contact -> Nullable<Text>,
        hidden -> Bool,
        category_code -> Text,
        tags -> Text,
        description -> Text,
        address -> Nullable<Text>,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        kelurahan_code -> Nullable<Text>,
        holder_code -> Nullable<Text>,
        status -> Text,
        received_at -> Timestamp,
        first_response_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        holder_since -> Nullable<Timestamp>,
        awaiting_verification -> Bool,
        evidence -> Bool,
        estimate_at -> Nullable<Timestamp>,
        assignee_id -> Nullable<BigInt>,
        rating -> Nullable<Integer>,
        handovers -> Integer,
        photo_urls -> Text,
        location_flag -> Nullable<Text>,
        h3_cell -> Nullable<BigInt>,
    }
}

diesel::table! {
    tracking_codes (report_number) {
        report_number -> BigInt,
        code -> Text,
    }
}

diesel::table! {
    reviews (report_number) {
        report_number -> BigInt,
        requested_at -> Timestamp,
        state -> Text,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    channel_webhooks (channel_code) {
        channel_code -> Text,
        url -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        rotated_at -> Nullable<Timestamp>,
        active -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        event_id -> Text,
        kind -> Text,
        target -> Text,
        channel_code -> Text,
        report_number -> BigInt,
        recipient -> Nullable<Text>,
        payload -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    boundaries (kelurahan_code) {
        kelurahan_code -> Text,
        geometry -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    report_history (id) {
        id -> BigInt,
        report_number -> BigInt,
        at -> Timestamp,
        status -> Text,
        unit_code -> Nullable<Text>,
        actor_user_id -> Nullable<BigInt>,
        actor_name -> Nullable<Text>,
        note -> Nullable<Text>,
        public -> Bool,
        kind -> Text,
        to_unit_code -> Nullable<Text>,
        flagged -> Bool,
        category_before -> Nullable<Text>,
    }
}

diesel::table! {
    report_collaborators (report_number, unit_code) {
        report_number -> BigInt,
        unit_code -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    report_photos (id) {
        id -> BigInt,
        report_number -> BigInt,
        history_id -> Nullable<BigInt>,
        object_key -> Text,
        thumb_key -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> BigInt,
        public -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    journal_periods (period) {
        period -> Text,
        cutoff -> Timestamp,
        frozen_at -> Timestamp,
        verification -> Bool,
        settings_version -> Nullable<BigInt>,
        rebuilt_at -> Nullable<Timestamp>,
        rebuilt_by -> Nullable<Text>,
        rebuild_reason -> Nullable<Text>,
    }
}

diesel::table! {
    settings_versions (version) {
        version -> BigInt,
        valid_from -> Timestamp,
        body -> Text,
        changed_by -> Nullable<Text>,
        reason -> Text,
    }
}

diesel::table! {
    journal_units (period, level, unit_code) {
        period -> Text,
        level -> Text,
        unit_code -> Text,
        total -> Integer,
        complete -> Integer,
        completion -> Double,
        follow_up_time -> Double,
        category_weight -> Double,
        effort -> Double,
        obtained -> Double,
        maximum -> Double,
        final_score -> Double,
        grade -> Text,
        rank -> Integer,
    }
}

diesel::table! {
    journal_reports (period, report_number) {
        period -> Text,
        report_number -> BigInt,
        unit_code -> Text,
        category_code -> Text,
        completion_hours -> Nullable<Double>,
        band_score -> Nullable<Double>,
        weight -> Double,
    }
}

diesel::table! {
    category_versions (id) {
        id -> BigInt,
        category_code -> Text,
        valid_from -> Timestamp,
        weight -> Double,
        t1 -> Double,
        t2 -> Double,
        t3 -> Double,
        evidence_required -> Bool,
        changed_by -> Nullable<Text>,
    }
}

diesel::table! {
    warnings (id) {
        id -> BigInt,
        report_number -> BigInt,
        target -> Text,
        standing -> Text,
        clock_since -> Timestamp,
        due_at -> Timestamp,
        unit_code -> Nullable<Text>,
        raised_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        report_number -> BigInt,
        warning_id -> Nullable<BigInt>,
        unit_code -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// SQLite only: the FTS5 index of reports' text (`db/search.rs`); its
    /// rowid is the report's number.
    reports_fts (rowid) {
        rowid -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        target -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::table! {
    closures (report_number) {
        report_number -> BigInt,
        reason -> Text,
        duplicate_of -> Nullable<BigInt>,
        closed_at -> Timestamp,
    }
}

diesel::table! {
    report_schedule (report_number) {
        report_number -> BigInt,
        attention_at -> Timestamp,
        first_due_at -> Timestamp,
        holder_code -> Nullable<Text>,
        waiting_since -> Nullable<Timestamp>,
        next_check_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recorded_late (report_number) {
        report_number -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(recorded_late -> reports (report_number));
diesel::joinable!(report_history -> reports (report_number));
diesel::joinable!(report_schedule -> reports (report_number));
diesel::joinable!(reviews -> reports (report_number));
diesel::joinable!(tracking_codes -> reports (report_number));
diesel::joinable!(notifications -> warnings (warning_id));
diesel::allow_tables_to_appear_in_same_query!(
    units,
    categories,
    channels,
    users,
    api_keys,
    reports,
    report_history,
    report_collaborators,
    report_photos,
    journal_periods,
    journal_units,
    journal_reports,
    category_versions,
    warnings,
    notifications,
    reports_fts,
    channel_webhooks,
    outbox,
    boundaries,
    reviews,
    tracking_codes,
    audit_log,
    closures,
    report_schedule,
    recorded_late,
);
