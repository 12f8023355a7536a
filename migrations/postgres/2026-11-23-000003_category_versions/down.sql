DROP TABLE category_versions;
